--  spectral-norm (joulebench suite, written from SPEC.md).
--  Rules relied on: single-threaded; IEEE double (Long_Float), no FMA
--  (built with -ffp-contract=off), no fast-math; no hand-written SIMD.
--  Standard library only.
with Ada.Command_Line;
with Ada.Text_IO;
with Ada.Long_Float_Text_IO;
with Ada.Numerics.Long_Elementary_Functions;

procedure Main is
   type Vector is array (Natural range <>) of Long_Float;

   function A (I, J : Natural) return Long_Float is
      IJ : constant Natural := I + J;
   begin
      return 1.0 / Long_Float (IJ * (IJ + 1) / 2 + I + 1);
   end A;
   pragma Inline (A);

   --  Y := A x
   procedure Mul_A (X : Vector; Y : out Vector) is
      Sum : Long_Float;
   begin
      for I in Y'Range loop
         Sum := 0.0;
         for J in X'Range loop
            Sum := Sum + A (I, J) * X (J);
         end loop;
         Y (I) := Sum;
      end loop;
   end Mul_A;

   --  Y := transpose (A) x
   procedure Mul_At (X : Vector; Y : out Vector) is
      Sum : Long_Float;
   begin
      for I in Y'Range loop
         Sum := 0.0;
         for J in X'Range loop
            Sum := Sum + A (J, I) * X (J);
         end loop;
         Y (I) := Sum;
      end loop;
   end Mul_At;

   --  Y := transpose (A) (A x)
   procedure Mul_AtA (X : Vector; Y : out Vector; Tmp : out Vector) is
   begin
      Mul_A (X, Tmp);
      Mul_At (Tmp, Y);
   end Mul_AtA;

   N : Positive := 100;
begin
   if Ada.Command_Line.Argument_Count > 0 then
      N := Positive'Value (Ada.Command_Line.Argument (1));
   end if;

   declare
      U, V, Tmp : Vector (0 .. N - 1);
      UV, VV    : Long_Float := 0.0;
   begin
      U := (others => 1.0);
      for Iteration in 1 .. 10 loop
         Mul_AtA (U, V, Tmp);
         Mul_AtA (V, U, Tmp);
      end loop;
      for I in U'Range loop
         UV := UV + U (I) * V (I);
         VV := VV + V (I) * V (I);
      end loop;
      Ada.Long_Float_Text_IO.Put
        (Ada.Numerics.Long_Elementary_Functions.Sqrt (UV / VV),
         Fore => 1, Aft => 9, Exp => 0);
      Ada.Text_IO.New_Line;
   end;
end Main;
