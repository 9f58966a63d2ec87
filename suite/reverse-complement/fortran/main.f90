! reverse-complement (joulebench suite, written from SPEC.md).
! Rules relied on: single-threaded; standard input read line by line with
! non-advancing formatted reads straight into a growing character buffer;
! each record complemented through a 256-entry lookup table into an output
! buffer written with large non-advancing writes (raw bytes, no record marks).
! A last line without a newline is read like any other. Standard library
! (intrinsics) only.
program revcomp
  use iso_fortran_env, only: input_unit, output_unit, iostat_eor, int64
  implicit none
  integer, parameter :: line_length = 60, chunk = 128, outsize = 65536
  character(len=:), allocatable :: seq, header, tmp
  character(len=outsize) :: out
  character(len=chunk) :: line
  character :: table(0:255)
  integer :: used, sz, ios, i
  integer(int64) :: n, cap
  logical :: have_header
  character(len=*), parameter :: from = 'ACGTUMRWSYKVHDBN', to = 'TGCAAKYWSRMBDHVN'

  do i = 0, 255
    table(i) = achar(i)
  end do
  do i = 1, len(from)
    table(iachar(from(i:i))) = to(i:i)
    table(iachar(from(i:i)) + 32) = to(i:i)   ! the lower-case letter
  end do

  cap = 1048576
  allocate (character(len=cap) :: seq)
  n = 0
  used = 0
  have_header = .false.
  header = ''
  do
    ! one line, read in chunks: a header is kept whole, sequence lines go into seq
    read (input_unit, '(A)', advance='no', size=sz, iostat=ios) line
    if (ios /= 0 .and. ios /= iostat_eor) exit
    if (sz > 0 .and. line(1:1) == '>') then
      if (have_header) call emit()
      call get_header(sz, ios, header)
      have_header = .true.
      n = 0
    else
      call append(line(1:sz))
      do while (ios /= iostat_eor)
        read (input_unit, '(A)', advance='no', size=sz, iostat=ios) line
        if (ios /= 0 .and. ios /= iostat_eor) exit
        call append(line(1:sz))
      end do
    end if
  end do
  if (have_header) call emit()
  if (used > 0) write (output_unit, '(A)', advance='no') out(1:used)

contains

  ! the header line, whose first sz0 characters are in `line` (it may be
  ! longer than one chunk); st is the status of that first read
  subroutine get_header(sz0, st, text)
    integer, intent(in) :: sz0
    integer, intent(inout) :: st
    character(len=:), allocatable, intent(out) :: text
    integer :: s
    text = line(1:sz0)
    do while (st == 0)
      read (input_unit, '(A)', advance='no', size=s, iostat=st) line
      if (st /= 0 .and. st /= iostat_eor) exit
      text = text // line(1:s)
    end do
  end subroutine get_header

  subroutine append(s)
    character(len=*), intent(in) :: s
    if (n + len(s) > cap) then
      do while (n + len(s) > cap)
        cap = 2 * cap
      end do
      allocate (character(len=cap) :: tmp)
      tmp(1:n) = seq(1:n)
      call move_alloc(tmp, seq)
    end if
    seq(n + 1:n + len(s)) = s
    n = n + len(s)
  end subroutine append

  subroutine put(s)
    character(len=*), intent(in) :: s
    if (used + len(s) > outsize) call flush_out()
    out(used + 1:used + len(s)) = s
    used = used + len(s)
  end subroutine put

  subroutine flush_out()
    if (used > 0) write (output_unit, '(A)', advance='no') out(1:used)
    used = 0
  end subroutine flush_out

  ! header, then the reverse complement of seq(1:n), 60 a line
  subroutine emit()
    integer(int64) :: src
    integer :: k, j
    call put(header // achar(10))
    src = n
    do while (src > 0)
      k = int(min(src, int(line_length, int64)))
      if (used + k + 1 > outsize) call flush_out()
      do j = 1, k
        out(used + j:used + j) = table(iachar(seq(src - j + 1:src - j + 1)))
      end do
      used = used + k + 1
      out(used:used) = achar(10)
      src = src - k
    end do
  end subroutine emit

end program revcomp
