! n-body (joulebench suite, written from SPEC.md).
! Rules relied on: single-threaded; IEEE double (real(real64)), no FMA (built
! with -ffp-contract=off), no fast-math, no hand-written SIMD; the SPEC's
! expression order. Standard library (intrinsics) only.
program nbody
  use iso_fortran_env, only: real64, int64
  implicit none
  integer, parameter :: dp = real64, nb = 5
  real(dp), parameter :: pi = 3.141592653589793_dp
  real(dp), parameter :: solar_mass = 4.0_dp * pi * pi
  real(dp), parameter :: days_per_year = 365.24_dp
  real(dp) :: x(nb), y(nb), z(nb), vx(nb), vy(nb), vz(nb), mass(nb)
  real(dp) :: px, py, pz
  integer(int64) :: n, step
  integer :: i
  character(len=32) :: arg

  n = 1000
  if (command_argument_count() > 0) then
    call get_command_argument(1, arg)
    read (arg, *) n
  end if

  ! Sun, Jupiter, Saturn, Uranus, Neptune
  x = [0.0_dp, 4.84143144246472090e+00_dp, 8.34336671824457987e+00_dp, &
       1.28943695621391310e+01_dp, 1.53796971148509165e+01_dp]
  y = [0.0_dp, -1.16032004402742839e+00_dp, 4.12479856412430479e+00_dp, &
       -1.51111514016986312e+01_dp, -2.59193146099879641e+01_dp]
  z = [0.0_dp, -1.03622044471123109e-01_dp, -4.03523417114321381e-01_dp, &
       -2.23307578892655734e-01_dp, 1.79258772950371181e-01_dp]
  vx = [0.0_dp, 1.66007664274403694e-03_dp, -2.76742510726862411e-03_dp, &
        2.96460137564761618e-03_dp, 2.68067772490389322e-03_dp]
  vy = [0.0_dp, 7.69901118419740425e-03_dp, 4.99852801234917238e-03_dp, &
        2.37847173959480950e-03_dp, 1.62824170038242295e-03_dp]
  vz = [0.0_dp, -6.90460016972063023e-05_dp, 2.30417297573763929e-05_dp, &
        -2.96589568540237556e-05_dp, -9.51592254519715870e-05_dp]
  mass = [1.0_dp, 9.54791938424326609e-04_dp, 2.85885980666130812e-04_dp, &
          4.36624404335156298e-05_dp, 5.15138902046611451e-05_dp]

  do i = 1, nb
    vx(i) = vx(i) * days_per_year
    vy(i) = vy(i) * days_per_year
    vz(i) = vz(i) * days_per_year
    mass(i) = mass(i) * solar_mass
  end do

  ! offset momentum
  px = 0.0_dp; py = 0.0_dp; pz = 0.0_dp
  do i = 1, nb
    px = px + vx(i) * mass(i)
    py = py + vy(i) * mass(i)
    pz = pz + vz(i) * mass(i)
  end do
  vx(1) = -px / solar_mass
  vy(1) = -py / solar_mass
  vz(1) = -pz / solar_mass

  call print_fixed(energy())
  do step = 1, n
    call advance(0.01_dp)
  end do
  call print_fixed(energy())

contains

  real(dp) function energy()
    integer :: i, j
    real(dp) :: dx, dy, dz
    energy = 0.0_dp
    do i = 1, nb
      energy = energy + 0.5_dp * mass(i) * (vx(i) * vx(i) + vy(i) * vy(i) + vz(i) * vz(i))
      do j = i + 1, nb
        dx = x(i) - x(j)
        dy = y(i) - y(j)
        dz = z(i) - z(j)
        energy = energy - mass(i) * mass(j) / sqrt(dx * dx + dy * dy + dz * dz)
      end do
    end do
  end function energy

  subroutine advance(dt)
    real(dp), intent(in) :: dt
    integer :: i, j
    real(dp) :: dx, dy, dz, d2, mag, mi, mj
    do i = 1, nb
      mi = mass(i)
      do j = i + 1, nb
        dx = x(i) - x(j)
        dy = y(i) - y(j)
        dz = z(i) - z(j)
        d2 = dx * dx + dy * dy + dz * dz
        mag = dt / (d2 * sqrt(d2))
        mj = mass(j)
        vx(i) = vx(i) - dx * mj * mag
        vy(i) = vy(i) - dy * mj * mag
        vz(i) = vz(i) - dz * mj * mag
        vx(j) = vx(j) + dx * mi * mag
        vy(j) = vy(j) + dy * mi * mag
        vz(j) = vz(j) + dz * mi * mag
      end do
    end do
    do i = 1, nb
      x(i) = x(i) + dt * vx(i)
      y(i) = y(i) + dt * vy(i)
      z(i) = z(i) + dt * vz(i)
    end do
  end subroutine advance

  ! like C's "%.9f\n": a width that leaves room for the leading zero, then no blanks
  subroutine print_fixed(v)
    real(dp), intent(in) :: v
    character(len=40) :: s
    write (s, '(F40.9)') v
    write (*, '(A)') trim(adjustl(s))
  end subroutine print_fixed

end program nbody
