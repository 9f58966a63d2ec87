! regex-redux (joulebench suite, written from SPEC.md).
! Rules relied on: single-threaded. Fortran has no regular expressions, so
! the program binds PCRE2 (libpcre2-8, the library C uses, with its JIT)
! itself through ISO_C_BINDING: the interfaces below are written here,
! against the library's exported 8-bit names (pcre2_compile_8 and so on).
! Replacement is done here: match, copy the text before it, append the
! replacement, continue after the match. Standard input is read line by line
! with non-advancing formatted reads (a last line without a newline counts
! as if it had one).
module pcre2
  use iso_c_binding, only: c_ptr, c_int, c_int32_t, c_size_t, c_char
  implicit none

  integer(c_int32_t), parameter :: pcre2_jit_complete = 1

  interface
    type(c_ptr) function pcre2_compile(pattern, length, options, errorcode, erroroffset, ccontext) &
        bind(c, name='pcre2_compile_8')
      import :: c_ptr, c_int, c_int32_t, c_size_t, c_char
      character(kind=c_char), dimension(*), intent(in) :: pattern
      integer(c_size_t), value :: length
      integer(c_int32_t), value :: options
      integer(c_int), intent(out) :: errorcode
      integer(c_size_t), intent(out) :: erroroffset
      type(c_ptr), value :: ccontext
    end function pcre2_compile

    integer(c_int) function pcre2_jit_compile(code, options) bind(c, name='pcre2_jit_compile_8')
      import :: c_ptr, c_int, c_int32_t
      type(c_ptr), value :: code
      integer(c_int32_t), value :: options
    end function pcre2_jit_compile

    type(c_ptr) function pcre2_match_data_create(ovecsize, gcontext) &
        bind(c, name='pcre2_match_data_create_8')
      import :: c_ptr, c_int32_t
      integer(c_int32_t), value :: ovecsize
      type(c_ptr), value :: gcontext
    end function pcre2_match_data_create

    integer(c_int) function pcre2_match(code, subject, length, startoffset, options, &
        match_data, mcontext) bind(c, name='pcre2_match_8')
      import :: c_ptr, c_int, c_int32_t, c_size_t, c_char
      type(c_ptr), value :: code
      character(kind=c_char), dimension(*), intent(in) :: subject
      integer(c_size_t), value :: length, startoffset
      integer(c_int32_t), value :: options
      type(c_ptr), value :: match_data, mcontext
    end function pcre2_match

    type(c_ptr) function pcre2_get_ovector_pointer(match_data) &
        bind(c, name='pcre2_get_ovector_pointer_8')
      import :: c_ptr
      type(c_ptr), value :: match_data
    end function pcre2_get_ovector_pointer

    subroutine pcre2_code_free(code) bind(c, name='pcre2_code_free_8')
      import :: c_ptr
      type(c_ptr), value :: code
    end subroutine pcre2_code_free

    subroutine pcre2_match_data_free(match_data) bind(c, name='pcre2_match_data_free_8')
      import :: c_ptr
      type(c_ptr), value :: match_data
    end subroutine pcre2_match_data_free
  end interface
end module pcre2

program regexredux
  use iso_fortran_env, only: input_unit, error_unit, iostat_eor, int64
  use iso_c_binding, only: c_ptr, c_null_ptr, c_int, c_size_t, c_f_pointer, c_associated
  use pcre2
  implicit none
  character(len=*), parameter :: variants(9) = [character(len=25) :: &
    'agggtaaa|tttaccct', '[cgt]gggtaaa|tttaccc[acg]', 'a[act]ggtaaa|tttacc[agt]t', &
    'ag[act]gtaaa|tttac[agt]ct', 'agg[act]taaa|ttta[agt]cct', 'aggg[acg]aaa|ttt[cgt]ccct', &
    'agggt[cgt]aa|tt[acg]accct', 'agggta[cgt]a|t[acg]taccct', 'agggtaa[cgt]|[acg]ttaccct']
  character(len=*), parameter :: patterns(5) = [character(len=18) :: &
    'tHa[Nt]', 'aND|caN|Ha[DS]|WaS', 'a[NSt]|BY', '<[^>]*>', '\|[^|][^|]*\|']
  character(len=*), parameter :: replacements(5) = [character(len=3) :: '<4>', '<3>', '<2>', '|', '-']
  integer, parameter :: chunk = 128
  character(len=:), allocatable :: text, seq
  character(len=chunk) :: line
  integer(int64) :: input_length, clean_length, new_length, n, cap
  integer :: sz, ios, i
  type(c_ptr) :: md

  md = pcre2_match_data_create(1, c_null_ptr)

  ! all of standard input, newlines included
  cap = 1048576
  allocate (character(len=cap) :: text)
  n = 0
  do
    read (input_unit, '(A)', advance='no', size=sz, iostat=ios) line
    if (ios /= 0 .and. ios /= iostat_eor) exit
    call ensure(text, cap, n, int(sz + 1, int64))
    text(n + 1:n + sz) = line(1:sz)
    n = n + sz
    if (ios == iostat_eor) then
      n = n + 1
      text(n:n) = achar(10)
    end if
  end do
  input_length = n

  call replace_all('>.*' // achar(10) // '|' // achar(10), '', text, n, seq, clean_length)
  deallocate (text)

  do i = 1, size(variants)
    write (*, '(A,1X,I0)') trim(variants(i)), count_matches(trim(variants(i)), seq, clean_length)
  end do

  n = clean_length
  do i = 1, size(patterns)
    call replace_all(trim(patterns(i)), trim(replacements(i)), seq, n, text, new_length)
    call move_alloc(text, seq)
    n = new_length
  end do

  write (*, '(A)') ''
  write (*, '(I0)') input_length
  write (*, '(I0)') clean_length
  write (*, '(I0)') n

contains

  ! room for `extra` more characters after the first n of buf
  subroutine ensure(buf, capacity, n, extra)
    character(len=:), allocatable, intent(inout) :: buf
    integer(int64), intent(inout) :: capacity
    integer(int64), intent(in) :: n, extra
    character(len=:), allocatable :: bigger
    if (n + extra <= capacity) return
    do while (n + extra > capacity)
      capacity = 2 * capacity
    end do
    allocate (character(len=capacity) :: bigger)
    bigger(1:n) = buf(1:n)
    call move_alloc(bigger, buf)
  end subroutine ensure

  type(c_ptr) function compile(pattern) result(code)
    character(len=*), intent(in) :: pattern
    integer(c_int) :: err, rc
    integer(c_size_t) :: erroffset
    code = pcre2_compile(pattern, len(pattern, kind=c_size_t), 0, err, erroffset, c_null_ptr)
    if (.not. c_associated(code)) then
      write (error_unit, '(A,I0,A,A)') 'pcre2_compile failed (', err, '): ', pattern
      error stop 1
    end if
    rc = pcre2_jit_compile(code, pcre2_jit_complete)   ! the interpreter is used if JIT is unavailable
  end function compile

  ! start and end (0-based, end exclusive) of the next match at or after `offset`
  logical function next_match(code, subject, length, offset, first, last)
    type(c_ptr), intent(in) :: code
    character(len=*), intent(in) :: subject
    integer(int64), intent(in) :: length, offset
    integer(int64), intent(out) :: first, last
    integer(c_size_t), pointer :: ovector(:)
    integer(c_int) :: rc
    next_match = .false.
    first = 0
    last = 0
    if (offset > length) return
    rc = pcre2_match(code, subject, int(length, c_size_t), int(offset, c_size_t), 0, md, c_null_ptr)
    if (rc < 0) return
    call c_f_pointer(pcre2_get_ovector_pointer(md), ovector, [2])
    first = int(ovector(1), int64)
    last = int(ovector(2), int64)
    next_match = .true.
  end function next_match

  integer(int64) function count_matches(pattern, subject, length) result(count)
    character(len=*), intent(in) :: pattern, subject
    integer(int64), intent(in) :: length
    type(c_ptr) :: code
    integer(int64) :: offset, first, last
    code = compile(pattern)
    count = 0
    offset = 0
    do while (next_match(code, subject, length, offset, first, last))
      count = count + 1
      offset = max(last, first + 1)
    end do
    call pcre2_code_free(code)
  end function count_matches

  ! dst(1:dst_length) = src(1:src_length) with every match of pattern replaced
  subroutine replace_all(pattern, replacement, src, src_length, dst, dst_length)
    character(len=*), intent(in) :: pattern, replacement, src
    integer(int64), intent(in) :: src_length
    character(len=:), allocatable, intent(out) :: dst
    integer(int64), intent(out) :: dst_length
    type(c_ptr) :: code
    integer(int64) :: offset, first, last, capacity, m, r
    code = compile(pattern)
    capacity = max(src_length, 16_int64)
    allocate (character(len=capacity) :: dst)
    m = 0
    r = len(replacement, kind=int64)
    offset = 0
    do while (next_match(code, src, src_length, offset, first, last))
      call ensure(dst, capacity, m, first - offset + r)
      dst(m + 1:m + first - offset) = src(offset + 1:first)
      m = m + first - offset
      dst(m + 1:m + r) = replacement
      m = m + r
      if (last == first) then   ! an empty match: keep one character and go on
        call ensure(dst, capacity, m, 1_int64)
        if (first < src_length) dst(m + 1:m + 1) = src(first + 1:first + 1)
        if (first < src_length) m = m + 1
        last = first + 1
      end if
      offset = last
    end do
    if (offset < src_length) then
      call ensure(dst, capacity, m, src_length - offset)
      dst(m + 1:m + src_length - offset) = src(offset + 1:src_length)
      m = m + src_length - offset
    end if
    dst_length = m
    call pcre2_code_free(code)
  end subroutine replace_all

end program regexredux
