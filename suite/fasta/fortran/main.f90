! fasta (joulebench suite, written from SPEC.md).
! Rules relied on: single-threaded; the SPEC's linear congruential generator
! (seed 42, one generator shared by both random records); cumulative
! probabilities summed in double; output assembled in a 64 KiB character
! buffer and written to standard output in large non-advancing writes.
! Standard library (intrinsics) only.
module fasta_out
  use iso_fortran_env, only: output_unit, real64, int64
  implicit none
  integer, parameter :: line_length = 60, bufsize = 65536
  integer, parameter :: im = 139968, ia = 3877, ic = 29573
  character(len=bufsize) :: buffer
  integer :: used = 0
  integer :: seed = 42

contains

  subroutine flush_buffer()
    if (used > 0) write (output_unit, '(A)', advance='no') buffer(1:used)
    used = 0
  end subroutine flush_buffer

  subroutine put(s)
    character(len=*), intent(in) :: s
    if (used + len(s) > bufsize) call flush_buffer()
    buffer(used + 1:used + len(s)) = s
    used = used + len(s)
  end subroutine put

  subroutine repeat_fasta(header, source, n)
    character(len=*), intent(in) :: header, source
    integer(int64), intent(in) :: n
    character(len=2 * len(source)) :: twice
    integer(int64) :: left
    integer :: pos, k
    twice = source // source   ! every line is one contiguous slice
    call put(header)
    pos = 0
    left = n
    do while (left > 0)
      k = int(min(left, int(line_length, int64)))
      if (used + k + 1 > bufsize) call flush_buffer()
      buffer(used + 1:used + k) = twice(pos + 1:pos + k)
      used = used + k + 1
      buffer(used:used) = achar(10)
      pos = pos + k
      if (pos >= len(source)) pos = pos - len(source)
      left = left - k
    end do
  end subroutine repeat_fasta

  subroutine random_fasta(header, chars, probs, n)
    character(len=*), intent(in) :: header, chars
    real(real64), intent(in) :: probs(:)
    integer(int64), intent(in) :: n
    real(real64) :: cumulative(size(probs)), acc, r
    integer(int64) :: left
    integer :: i, j, k, count
    count = size(probs)
    acc = 0.0_real64
    do i = 1, count
      acc = acc + probs(i)
      cumulative(i) = acc
    end do
    call put(header)
    left = n
    do while (left > 0)
      k = int(min(left, int(line_length, int64)))
      if (used + k + 1 > bufsize) call flush_buffer()
      do i = 1, k
        seed = mod(seed * ia + ic, im)
        r = real(seed, real64) / real(im, real64)
        j = 1
        do while (j < count)
          if (cumulative(j) > r) exit
          j = j + 1
        end do
        buffer(used + i:used + i) = chars(j:j)
      end do
      used = used + k + 1
      buffer(used:used) = achar(10)
      left = left - k
    end do
  end subroutine random_fasta

end module fasta_out

program fasta
  use fasta_out
  implicit none
  character(len=*), parameter :: alu = &
    'GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGGGAGGCCGAGGCGGGCGGATCACCTGAGGTC' // &
    'AGGAGTTCGAGACCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAATACAAAAATTAGCCGGG' // &
    'CGTGGTGGCGCGCGCCTGTAATCCCAGCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGGAGG' // &
    'CGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCCAGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA'
  character(len=*), parameter :: nl = achar(10)
  real(real64), parameter :: iub(15) = [0.27_real64, 0.12_real64, 0.12_real64, 0.27_real64, &
    0.02_real64, 0.02_real64, 0.02_real64, 0.02_real64, 0.02_real64, 0.02_real64, &
    0.02_real64, 0.02_real64, 0.02_real64, 0.02_real64, 0.02_real64]
  real(real64), parameter :: homo(4) = [0.3029549426680_real64, 0.1979883004921_real64, &
    0.1975473066391_real64, 0.3015094502008_real64]
  integer(int64) :: n
  character(len=32) :: arg

  n = 1000
  if (command_argument_count() > 0) then
    call get_command_argument(1, arg)
    read (arg, *) n
  end if
  call repeat_fasta('>ONE Homo sapiens alu' // nl, alu, 2 * n)
  call random_fasta('>TWO IUB ambiguity codes' // nl, 'acgtBDHKMNRSVWY', iub, 3 * n)
  call random_fasta('>THREE Homo sapiens frequency' // nl, 'acgt', homo, 5 * n)
  call flush_buffer()
end program fasta
