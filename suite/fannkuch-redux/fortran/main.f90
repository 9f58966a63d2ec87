! fannkuch-redux (joulebench suite, written from SPEC.md).
! Rules relied on: single-threaded; the SPEC's permutation order (count
! array and rotation of the first r+1 elements) and flip counting on a copy.
! Standard library (intrinsics) only. Arrays are 0-based to follow the SPEC.
program fannkuchredux
  use iso_fortran_env, only: int64
  implicit none
  integer, allocatable :: perm1(:), perm(:), count(:)
  integer :: n, r, i, k, lo, hi, t, flips, maxflips, checksum, p0
  integer(int64) :: permindex
  character(len=32) :: arg, s1, s2, s3

  n = 7
  if (command_argument_count() > 0) then
    call get_command_argument(1, arg)
    read (arg, *) n
  end if
  allocate (perm1(0:n-1), perm(0:n-1), count(0:n-1))
  do i = 0, n - 1
    perm1(i) = i
  end do
  count = 0
  r = n
  maxflips = 0
  checksum = 0
  permindex = 0

  outer: do
    do while (r /= 1)
      count(r - 1) = r
      r = r - 1
    end do

    perm = perm1
    flips = 0
    k = perm(0)
    do while (k /= 0)
      lo = 0
      hi = k
      do while (lo < hi)
        t = perm(lo)
        perm(lo) = perm(hi)
        perm(hi) = t
        lo = lo + 1
        hi = hi - 1
      end do
      flips = flips + 1
      k = perm(0)
    end do
    if (flips > maxflips) maxflips = flips
    if (iand(permindex, 1_int64) == 0) then
      checksum = checksum + flips
    else
      checksum = checksum - flips
    end if

    do
      if (r == n) exit outer
      p0 = perm1(0)
      do i = 0, r - 1
        perm1(i) = perm1(i + 1)
      end do
      perm1(r) = p0
      count(r) = count(r) - 1
      if (count(r) > 0) exit
      r = r + 1
    end do
    permindex = permindex + 1
  end do outer

  write (s1, '(I0)') checksum
  write (s2, '(I0)') n
  write (s3, '(I0)') maxflips
  write (*, '(A)') trim(s1)
  write (*, '(A)') 'Pfannkuchen(' // trim(s2) // ') = ' // trim(s3)
end program fannkuchredux
