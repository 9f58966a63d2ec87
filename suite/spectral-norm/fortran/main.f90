! spectral-norm (joulebench suite, written from SPEC.md).
! Rules relied on: single-threaded; IEEE double (real(real64)), no FMA (built
! with -ffp-contract=off), no fast-math, no hand-written SIMD. Standard
! library (intrinsics) only.
program spectralnorm
  use iso_fortran_env, only: real64
  implicit none
  integer, parameter :: dp = real64
  real(dp), allocatable :: u(:), v(:), tmp(:)
  real(dp) :: vbv, vv
  integer :: n, i, k
  character(len=32) :: arg
  character(len=40) :: s

  n = 100
  if (command_argument_count() > 0) then
    call get_command_argument(1, arg)
    read (arg, *) n
  end if
  allocate (u(0:n-1), v(0:n-1), tmp(0:n-1))
  u = 1.0_dp
  do k = 1, 10
    call mul_atav(u, v)
    call mul_atav(v, u)
  end do
  vbv = 0.0_dp
  vv = 0.0_dp
  do i = 0, n - 1
    vbv = vbv + u(i) * v(i)
    vv = vv + v(i) * v(i)
  end do
  write (s, '(F40.9)') sqrt(vbv / vv)
  write (*, '(A)') trim(adjustl(s))

contains

  ! A(i, j) with 0-based indices; the integer part is exact in double
  pure real(dp) function a(i, j)
    integer, intent(in) :: i, j
    integer :: ij
    ij = i + j
    a = 1.0_dp / real(ij * (ij + 1) / 2 + i + 1, dp)
  end function a

  ! out = A * x
  subroutine mul_av(x, out)
    real(dp), intent(in) :: x(0:)
    real(dp), intent(out) :: out(0:)
    integer :: i, j
    real(dp) :: sum
    do i = 0, n - 1
      sum = 0.0_dp
      do j = 0, n - 1
        sum = sum + a(i, j) * x(j)
      end do
      out(i) = sum
    end do
  end subroutine mul_av

  ! out = A^T * x
  subroutine mul_atv(x, out)
    real(dp), intent(in) :: x(0:)
    real(dp), intent(out) :: out(0:)
    integer :: i, j
    real(dp) :: sum
    do i = 0, n - 1
      sum = 0.0_dp
      do j = 0, n - 1
        sum = sum + a(j, i) * x(j)
      end do
      out(i) = sum
    end do
  end subroutine mul_atv

  ! out = A^T * A * x, through tmp
  subroutine mul_atav(x, out)
    real(dp), intent(in) :: x(0:)
    real(dp), intent(out) :: out(0:)
    call mul_av(x, tmp)
    call mul_atv(tmp, out)
  end subroutine mul_atav

end program spectralnorm
