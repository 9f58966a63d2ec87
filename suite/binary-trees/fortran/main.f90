! binary-trees (joulebench suite, written from SPEC.md).
! Rules relied on: single-threaded; every node a separate heap allocation
! with ALLOCATE (pointer components), dropped trees freed node by node with
! DEALLOCATE (Fortran has no garbage collector); no pools or arenas.
! Standard library (intrinsics) only.
module trees
  implicit none
  private
  public :: node, make, check, free_tree

  type :: node
    type(node), pointer :: left => null()
    type(node), pointer :: right => null()
  end type node

contains

  recursive function make(depth) result(t)
    integer, intent(in) :: depth
    type(node), pointer :: t
    allocate (t)
    if (depth > 0) then
      t%left => make(depth - 1)
      t%right => make(depth - 1)
    end if
  end function make

  recursive integer function check(t) result(c)
    type(node), intent(in) :: t
    if (associated(t%left)) then
      c = 1 + check(t%left) + check(t%right)
    else
      c = 1
    end if
  end function check

  recursive subroutine free_tree(t)
    type(node), pointer :: t
    if (associated(t%left)) then
      call free_tree(t%left)
      call free_tree(t%right)
    end if
    deallocate (t)
  end subroutine free_tree

end module trees

program binarytrees
  use iso_fortran_env, only: int64
  use trees
  implicit none
  integer, parameter :: min_depth = 4
  integer :: n, max_depth, d, i, iterations
  integer(int64) :: total
  type(node), pointer :: t, long_lived
  character(len=32) :: arg

  n = 10
  if (command_argument_count() > 0) then
    call get_command_argument(1, arg)
    read (arg, *) n
  end if
  max_depth = max(min_depth + 2, n)

  t => make(max_depth + 1)
  write (*, '(A,I0,A,I0)') 'stretch tree of depth ', max_depth + 1, achar(9) // ' check: ', check(t)
  call free_tree(t)

  long_lived => make(max_depth)

  do d = min_depth, max_depth, 2
    iterations = 2**(max_depth - d + min_depth)
    total = 0
    do i = 1, iterations
      t => make(d)
      total = total + check(t)
      call free_tree(t)
    end do
    write (*, '(I0,A,I0,A,I0)') iterations, achar(9) // ' trees of depth ', d, &
      achar(9) // ' check: ', total
  end do

  write (*, '(A,I0,A,I0)') 'long lived tree of depth ', max_depth, achar(9) // ' check: ', &
    check(long_lived)
  call free_tree(long_lived)
end program binarytrees
