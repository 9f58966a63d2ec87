! pidigits (joulebench suite, written from SPEC.md).
! Rules relied on: single-threaded; the SPEC's step-by-step spigot. Fortran
! has no arbitrary-precision integers, so the program binds GMP's mpz
! functions (libgmp, the library C uses) itself through ISO_C_BINDING: the
! interfaces below are written here, against the exported names (__gmpz_*)
! behind GMP's mpz_* macros. Every mpz is passed as a C pointer (c_loc of a
! TARGET), as in C, so one mpz may be both the result and an operand.
module gmp
  use iso_c_binding, only: c_int, c_long, c_ptr
  implicit none

  ! __mpz_struct: int _mp_alloc; int _mp_size; mp_limb_t *_mp_d
  type, bind(c) :: mpz_t
    integer(c_int) :: alloc
    integer(c_int) :: size
    type(c_ptr) :: d
  end type mpz_t

  interface
    subroutine mpz_init_set_ui(rop, op) bind(c, name='__gmpz_init_set_ui')
      import :: c_ptr, c_long
      type(c_ptr), value :: rop
      integer(c_long), value :: op
    end subroutine mpz_init_set_ui

    subroutine mpz_init(rop) bind(c, name='__gmpz_init')
      import :: c_ptr
      type(c_ptr), value :: rop
    end subroutine mpz_init

    subroutine mpz_clear(rop) bind(c, name='__gmpz_clear')
      import :: c_ptr
      type(c_ptr), value :: rop
    end subroutine mpz_clear

    subroutine mpz_set(rop, op) bind(c, name='__gmpz_set')
      import :: c_ptr
      type(c_ptr), value :: rop
      type(c_ptr), value :: op
    end subroutine mpz_set

    ! rop = rop + op1 * op2
    subroutine mpz_addmul_ui(rop, op1, op2) bind(c, name='__gmpz_addmul_ui')
      import :: c_ptr, c_long
      type(c_ptr), value :: rop
      type(c_ptr), value :: op1
      integer(c_long), value :: op2
    end subroutine mpz_addmul_ui

    ! rop = rop - op1 * op2
    subroutine mpz_submul_ui(rop, op1, op2) bind(c, name='__gmpz_submul_ui')
      import :: c_ptr, c_long
      type(c_ptr), value :: rop
      type(c_ptr), value :: op1
      integer(c_long), value :: op2
    end subroutine mpz_submul_ui

    ! rop = op1 * op2 (rop may be op1)
    subroutine mpz_mul_ui(rop, op1, op2) bind(c, name='__gmpz_mul_ui')
      import :: c_ptr, c_long
      type(c_ptr), value :: rop
      type(c_ptr), value :: op1
      integer(c_long), value :: op2
    end subroutine mpz_mul_ui

    ! q = n / d, truncated (q may be n)
    subroutine mpz_tdiv_q(q, n, d) bind(c, name='__gmpz_tdiv_q')
      import :: c_ptr
      type(c_ptr), value :: q
      type(c_ptr), value :: n, d
    end subroutine mpz_tdiv_q

    integer(c_int) function mpz_cmp(op1, op2) bind(c, name='__gmpz_cmp')
      import :: c_ptr, c_int
      type(c_ptr), value :: op1, op2
    end function mpz_cmp

    integer(c_long) function mpz_get_ui(op) bind(c, name='__gmpz_get_ui')
      import :: c_ptr, c_long
      type(c_ptr), value :: op
    end function mpz_get_ui
  end interface
end module gmp

program pidigits
  use iso_c_binding, only: c_long, c_ptr, c_loc
  use gmp
  implicit none
  type(mpz_t), target :: acc_z, den_z, num_z, t1_z, t2_z
  type(c_ptr) :: acc, den, num, t1, t2
  integer :: n, i, column
  integer(c_long) :: k, k2, d
  character(len=32) :: arg
  character(len=10) :: line

  n = 30
  if (command_argument_count() > 0) then
    call get_command_argument(1, arg)
    read (arg, *) n
  end if

  acc = c_loc(acc_z)
  den = c_loc(den_z)
  num = c_loc(num_z)
  t1 = c_loc(t1_z)
  t2 = c_loc(t2_z)
  call mpz_init_set_ui(acc, 0_c_long)
  call mpz_init_set_ui(den, 1_c_long)
  call mpz_init_set_ui(num, 1_c_long)
  call mpz_init(t1)
  call mpz_init(t2)
  k = 0
  i = 0
  column = 0

  do while (i < n)
    k = k + 1
    k2 = 2 * k + 1
    call mpz_addmul_ui(acc, num, 2_c_long)
    call mpz_mul_ui(acc, acc, k2)
    call mpz_mul_ui(den, den, k2)
    call mpz_mul_ui(num, num, k)
    if (mpz_cmp(num, acc) > 0) cycle
    call mpz_set(t1, acc)
    call mpz_addmul_ui(t1, num, 3_c_long)
    call mpz_tdiv_q(t1, t1, den)
    call mpz_set(t2, acc)
    call mpz_addmul_ui(t2, num, 4_c_long)
    call mpz_tdiv_q(t2, t2, den)
    if (mpz_cmp(t1, t2) /= 0) cycle
    d = mpz_get_ui(t1)
    column = column + 1
    line(column:column) = achar(iachar('0') + int(d))
    i = i + 1
    if (column == 10) then
      write (*, '(A,A,I0)') line, achar(9) // ':', i
      column = 0
    end if
    call mpz_submul_ui(acc, den, d)
    call mpz_mul_ui(acc, acc, 10_c_long)
    call mpz_mul_ui(num, num, 10_c_long)
  end do
  if (column > 0) then
    line(column + 1:) = ' '
    write (*, '(A,A,I0)') line, achar(9) // ':', n
  end if

  call mpz_clear(acc)
  call mpz_clear(den)
  call mpz_clear(num)
  call mpz_clear(t1)
  call mpz_clear(t2)
end program pidigits
