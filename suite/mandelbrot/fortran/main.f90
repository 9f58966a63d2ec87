! mandelbrot (joulebench suite, written from SPEC.md).
! Rules relied on: single-threaded; IEEE double (no FMA: built with
! -ffp-contract=off; no fast-math, no hand-written SIMD); cr and ci computed
! directly for each pixel; the binary PBM assembled in one character buffer
! and written with a single non-advancing write (raw bytes, no record marks).
! Standard library (intrinsics) only.
program mandelbrot
  use iso_fortran_env, only: output_unit, real64
  implicit none
  integer, parameter :: dp = real64
  integer :: n, x, y, i, bits, nbits, pos, row_bytes
  real(dp) :: cr, ci, zr, zi, tr, ti
  character(len=32) :: arg, sn
  character(len=:), allocatable :: header, image

  n = 200
  if (command_argument_count() > 0) then
    call get_command_argument(1, arg)
    read (arg, *) n
  end if
  write (sn, '(I0)') n
  header = 'P4' // achar(10) // trim(sn) // ' ' // trim(sn) // achar(10)
  row_bytes = (n + 7) / 8
  allocate (character(len=len(header) + row_bytes * n) :: image)
  image(1:len(header)) = header
  pos = len(header)

  do y = 0, n - 1
    ci = 2.0_dp * y / n - 1.0_dp
    bits = 0
    nbits = 0
    do x = 0, n - 1
      cr = 2.0_dp * x / n - 1.5_dp
      zr = 0.0_dp; zi = 0.0_dp; tr = 0.0_dp; ti = 0.0_dp
      i = 0
      do while (i < 50 .and. tr + ti <= 4.0_dp)
        zi = 2.0_dp * zr * zi + ci
        zr = tr - ti + cr
        tr = zr * zr
        ti = zi * zi
        i = i + 1
      end do
      bits = ishft(bits, 1)
      if (tr + ti <= 4.0_dp) bits = ior(bits, 1)
      nbits = nbits + 1
      if (nbits == 8) then
        pos = pos + 1
        image(pos:pos) = achar(bits)
        bits = 0
        nbits = 0
      end if
    end do
    if (nbits > 0) then
      pos = pos + 1
      image(pos:pos) = achar(ishft(bits, 8 - nbits))
    end if
  end do

  write (output_unit, '(A)', advance='no') image(1:pos)
end program mandelbrot
