--  pidigits (joulebench suite, written from SPEC.md).
--  Rules relied on: single-threaded; the SPEC's step-by-step spigot;
--  arbitrary-precision integers from GMP (libgmp), bound here by hand through
--  Interfaces.C: Ada 2022's Ada.Numerics.Big_Numbers.Big_Integers is the
--  standard type, but GNAT 12's implementation stops with "big integer limit
--  exceeded" after a few hundred digits, and Debian ships no Ada GMP binding.
--  Output through Ada.Text_IO's buffer.
with Ada.Command_Line;
with Ada.Text_IO;
with Interfaces.C;
with System;

procedure Main is
   use Interfaces.C;

   --  GMP's mpz_t: struct { int alloc; int size; mp_limb_t *d; }
   type Mpz is record
      Alloc : int;
      Size  : int;
      D     : System.Address;
   end record
     with Convention => C;
   type Mpz_Ptr is access all Mpz with Convention => C;

   procedure Mpz_Init (X : Mpz_Ptr)
     with Import, Convention => C, External_Name => "__gmpz_init";
   procedure Mpz_Init_Set_Ui (X : Mpz_Ptr; V : unsigned_long)
     with Import, Convention => C, External_Name => "__gmpz_init_set_ui";
   procedure Mpz_Clear (X : Mpz_Ptr)
     with Import, Convention => C, External_Name => "__gmpz_clear";
   procedure Mpz_Set (R, X : Mpz_Ptr)
     with Import, Convention => C, External_Name => "__gmpz_set";
   procedure Mpz_Mul_Ui (R, X : Mpz_Ptr; V : unsigned_long)
     with Import, Convention => C, External_Name => "__gmpz_mul_ui";
   procedure Mpz_Addmul_Ui (R, X : Mpz_Ptr; V : unsigned_long)
     with Import, Convention => C, External_Name => "__gmpz_addmul_ui";
   procedure Mpz_Submul_Ui (R, X : Mpz_Ptr; V : unsigned_long)
     with Import, Convention => C, External_Name => "__gmpz_submul_ui";
   procedure Mpz_Tdiv_Q (Q, N, D : Mpz_Ptr)
     with Import, Convention => C, External_Name => "__gmpz_tdiv_q";
   function Mpz_Cmp (X, Y : Mpz_Ptr) return int
     with Import, Convention => C, External_Name => "__gmpz_cmp";
   function Mpz_Get_Ui (X : Mpz_Ptr) return unsigned_long
     with Import, Convention => C, External_Name => "__gmpz_get_ui";

   Acc_V, Den_V, Num_V, T1_V, T2_V : aliased Mpz;
   Acc : constant Mpz_Ptr := Acc_V'Access;
   Den : constant Mpz_Ptr := Den_V'Access;
   Num : constant Mpz_Ptr := Num_V'Access;
   T1  : constant Mpz_Ptr := T1_V'Access;
   T2  : constant Mpz_Ptr := T2_V'Access;

   function Img (X : Natural) return String is
      S : constant String := Natural'Image (X);
   begin
      return S (S'First + 1 .. S'Last);
   end Img;

   N      : Natural := 30;
   I      : Natural := 0;
   K      : unsigned_long := 0;
   K2, D  : unsigned_long;
   Line   : String (1 .. 10);
   Column : Natural := 0;
begin
   if Ada.Command_Line.Argument_Count > 0 then
      N := Natural'Value (Ada.Command_Line.Argument (1));
   end if;

   Mpz_Init_Set_Ui (Acc, 0);
   Mpz_Init_Set_Ui (Den, 1);
   Mpz_Init_Set_Ui (Num, 1);
   Mpz_Init (T1);
   Mpz_Init (T2);

   while I < N loop
      K := K + 1;
      K2 := 2 * K + 1;
      --  acc += 2 * num; acc *= k2; den *= k2; num *= k
      Mpz_Addmul_Ui (Acc, Num, 2);
      Mpz_Mul_Ui (Acc, Acc, K2);
      Mpz_Mul_Ui (Den, Den, K2);
      Mpz_Mul_Ui (Num, Num, K);

      if Mpz_Cmp (Num, Acc) <= 0 then
         --  d3 = (3 * num + acc) / den, d4 = (4 * num + acc) / den
         Mpz_Set (T1, Acc);
         Mpz_Addmul_Ui (T1, Num, 3);
         Mpz_Tdiv_Q (T1, T1, Den);
         Mpz_Set (T2, Acc);
         Mpz_Addmul_Ui (T2, Num, 4);
         Mpz_Tdiv_Q (T2, T2, Den);

         if Mpz_Cmp (T1, T2) = 0 then
            D := Mpz_Get_Ui (T1);
            Column := Column + 1;
            Line (Column) := Character'Val (Character'Pos ('0') + Integer (D));
            I := I + 1;
            if Column = 10 then
               Ada.Text_IO.Put_Line (Line & ASCII.HT & ":" & Img (I));
               Column := 0;
            end if;
            --  acc -= den * d; acc *= 10; num *= 10
            Mpz_Submul_Ui (Acc, Den, D);
            Mpz_Mul_Ui (Acc, Acc, 10);
            Mpz_Mul_Ui (Num, Num, 10);
         end if;
      end if;
   end loop;

   if Column > 0 then
      Line (Column + 1 .. 10) := (others => ' ');
      Ada.Text_IO.Put_Line (Line & ASCII.HT & ":" & Img (N));
   end if;

   Mpz_Clear (Acc);
   Mpz_Clear (Den);
   Mpz_Clear (Num);
   Mpz_Clear (T1);
   Mpz_Clear (T2);
end Main;
