! k-nucleotide (joulebench suite, written from SPEC.md).
! Rules relied on: single-threaded; standard library (intrinsics) only.
! Fortran has no hash map in its standard library, so, as in C, the program
! carries its own small open-addressing hash table (linear probing,
! power-of-two capacity, grown at half load) keyed by the k-mer packed two
! bits a base into an integer(int64); it sorts the few 1- and 2-mers with an
! insertion sort. Standard input is read line by line with non-advancing
! formatted reads.
module kmer_table
  use iso_fortran_env, only: int8, int32, int64
  implicit none
  private
  public :: table, table_init, table_increment, table_get

  type :: table
    integer(int64), allocatable :: keys(:)
    integer(int32), allocatable :: counts(:)   ! 0 marks an empty slot
    integer(int64) :: mask = 0
    integer(int64) :: size = 0
  end type table

contains

  ! keys are below 2**36 (18 bases), so the products below cannot overflow
  pure integer(int64) function slot(key, mask)
    integer(int64), intent(in) :: key, mask
    integer(int64) :: x
    x = ieor(key, ishft(key, -16)) * 73244475_int64
    slot = iand(ieor(x, ishft(x, -28)), mask)
  end function slot

  subroutine table_init(t, capacity)
    type(table), intent(out) :: t
    integer(int64), intent(in) :: capacity   ! a power of two
    allocate (t%keys(0:capacity - 1), t%counts(0:capacity - 1))
    t%counts = 0
    t%keys = 0
    t%mask = capacity - 1
    t%size = 0
  end subroutine table_init

  subroutine grow(t)
    type(table), intent(inout) :: t
    integer(int64), allocatable :: old_keys(:)
    integer(int32), allocatable :: old_counts(:)
    integer(int64) :: i, h
    call move_alloc(t%keys, old_keys)
    call move_alloc(t%counts, old_counts)
    call table_init(t, 2 * size(old_keys, kind=int64))
    do i = 0, size(old_keys, kind=int64) - 1
      if (old_counts(i) == 0) cycle
      h = slot(old_keys(i), t%mask)
      do while (t%counts(h) /= 0)
        h = iand(h + 1, t%mask)
      end do
      t%keys(h) = old_keys(i)
      t%counts(h) = old_counts(i)
      t%size = t%size + 1
    end do
  end subroutine grow

  subroutine table_increment(t, key)
    type(table), intent(inout) :: t
    integer(int64), intent(in) :: key
    integer(int64) :: h
    h = slot(key, t%mask)
    do
      if (t%counts(h) == 0) then
        t%keys(h) = key
        t%counts(h) = 1
        t%size = t%size + 1
        if (2 * t%size > t%mask + 1) call grow(t)
        return
      end if
      if (t%keys(h) == key) then
        t%counts(h) = t%counts(h) + 1
        return
      end if
      h = iand(h + 1, t%mask)
    end do
  end subroutine table_increment

  integer(int32) function table_get(t, key)
    type(table), intent(in) :: t
    integer(int64), intent(in) :: key
    integer(int64) :: h
    h = slot(key, t%mask)
    do
      if (t%counts(h) == 0) then
        table_get = 0
        return
      end if
      if (t%keys(h) == key) then
        table_get = t%counts(h)
        return
      end if
      h = iand(h + 1, t%mask)
    end do
  end function table_get

end module kmer_table

program knucleotide
  use iso_fortran_env, only: input_unit, iostat_eor, int8, int32, int64, real64
  use kmer_table
  implicit none
  character(len=*), parameter :: bases = 'ACGT'
  integer(int8), allocatable :: seq(:), tmp(:)
  integer(int8) :: code(0:255)
  integer(int64) :: n, cap
  integer :: sz, ios, i
  character(len=128) :: line
  logical :: in_three, at_line_start
  character(len=18), parameter :: queries(5) = [character(len=18) :: 'GGT', 'GGTA', 'GGTATT', &
    'GGTATTTTAATT', 'GGTATTTTAATTTATAGT']

  code = 0
  code(iachar('A')) = 0; code(iachar('C')) = 1; code(iachar('G')) = 2; code(iachar('T')) = 3
  code(iachar('a')) = 0; code(iachar('c')) = 1; code(iachar('g')) = 2; code(iachar('t')) = 3

  cap = 1048576
  allocate (seq(cap))
  n = 0
  in_three = .false.
  at_line_start = .true.
  do
    read (input_unit, '(A)', advance='no', size=sz, iostat=ios) line
    if (ios /= 0 .and. ios /= iostat_eor) exit
    if (at_line_start .and. sz > 0 .and. line(1:1) == '>') then
      if (in_three) exit
      in_three = sz >= 6 .and. line(1:min(sz, 6)) == '>THREE'
      ! skip the rest of a long header line
      do while (ios == 0)
        read (input_unit, '(A)', advance='no', size=sz, iostat=ios) line
        if (ios /= 0 .and. ios /= iostat_eor) exit
      end do
      at_line_start = .true.
      cycle
    end if
    if (in_three) then
      if (n + sz > cap) then
        do while (n + sz > cap)
          cap = 2 * cap
        end do
        allocate (tmp(cap))
        tmp(1:n) = seq(1:n)
        call move_alloc(tmp, seq)
      end if
      do i = 1, sz
        seq(n + i) = code(iachar(line(i:i)))
      end do
      n = n + sz
    end if
    at_line_start = ios == iostat_eor
  end do

  call frequencies(1)
  call frequencies(2)
  do i = 1, size(queries)
    call count_one(trim(queries(i)))
  end do

contains

  subroutine count_all(k, t)
    integer, intent(in) :: k
    type(table), intent(out) :: t
    integer(int64) :: key, mask, j
    call table_init(t, 1024_int64)
    mask = ishft(1_int64, 2 * k) - 1
    key = 0
    do j = 1, min(int(k - 1, int64), n)
      key = ior(ishft(key, 2), int(seq(j), int64))
    end do
    do j = k, n
      key = iand(ior(ishft(key, 2), int(seq(j), int64)), mask)
      call table_increment(t, key)
    end do
  end subroutine count_all

  function decode(key, k) result(s)
    integer(int64), intent(in) :: key
    integer, intent(in) :: k
    character(len=k) :: s
    integer(int64) :: x
    integer :: j, b
    x = key
    do j = k, 1, -1
      b = int(iand(x, 3_int64)) + 1
      s(j:j) = bases(b:b)
      x = ishft(x, -2)
    end do
  end function decode

  subroutine frequencies(k)
    integer, intent(in) :: k
    type(table) :: t
    integer(int64) :: keys(16), key
    integer(int32) :: counts(16), c
    integer :: m, i, j
    integer(int64) :: s, total
    character(len=32) :: pct
    call count_all(k, t)
    total = max(0_int64, n - k + 1)
    m = 0
    do s = 0, t%mask
      if (t%counts(s) /= 0) then
        m = m + 1
        keys(m) = t%keys(s)
        counts(m) = t%counts(s)
      end if
    end do
    ! insertion sort: count descending, then k-mer ascending (A < C < G < T
    ! in both the packed code and ASCII)
    do i = 2, m
      key = keys(i)
      c = counts(i)
      j = i - 1
      do while (j >= 1)
        if (counts(j) > c .or. (counts(j) == c .and. keys(j) < key)) exit
        keys(j + 1) = keys(j)
        counts(j + 1) = counts(j)
        j = j - 1
      end do
      keys(j + 1) = key
      counts(j + 1) = c
    end do
    do i = 1, m
      write (pct, '(F32.3)') 100.0_real64 * counts(i) / total
      write (*, '(A)') decode(keys(i), k) // ' ' // trim(adjustl(pct))
    end do
    write (*, '(A)') ''
  end subroutine frequencies

  subroutine count_one(kmer)
    character(len=*), intent(in) :: kmer
    type(table) :: t
    integer(int64) :: key
    integer :: j
    call count_all(len(kmer), t)
    key = 0
    do j = 1, len(kmer)
      key = ior(ishft(key, 2), int(index(bases, kmer(j:j)) - 1, int64))
    end do
    write (*, '(I0,A)') table_get(t, key), achar(9) // kmer
  end subroutine count_one

end program knucleotide
