--  n-body (joulebench suite, written from SPEC.md).
--  Rules relied on: single-threaded; IEEE double (Long_Float), no FMA
--  (built with -ffp-contract=off), no fast-math; no hand-written SIMD.
--  Standard library only. The constants are variables so that they are
--  rounded to doubles first, as in every other language (an Ada static
--  expression would be evaluated exactly).
with Ada.Command_Line;
with Ada.Text_IO;
with Ada.Long_Float_Text_IO;
with Ada.Numerics.Long_Elementary_Functions;

procedure Main is
   use Ada.Numerics.Long_Elementary_Functions;

   type Planet is record
      X, Y, Z, Vx, Vy, Vz, Mass : Long_Float;
   end record;

   type Body_Index is range 1 .. 5;
   type System_Of_Bodies is array (Body_Index) of Planet;

   Pi            : Long_Float := 3.141592653589793;
   Solar_Mass    : Long_Float := 4.0 * Pi * Pi;
   Days_Per_Year : Long_Float := 365.24;

   Bodies : System_Of_Bodies :=
     (--  Sun
      (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0),
      --  Jupiter
      (4.84143144246472090e+00, -1.16032004402742839e+00,
       -1.03622044471123109e-01, 1.66007664274403694e-03,
       7.69901118419740425e-03, -6.90460016972063023e-05,
       9.54791938424326609e-04),
      --  Saturn
      (8.34336671824457987e+00, 4.12479856412430479e+00,
       -4.03523417114321381e-01, -2.76742510726862411e-03,
       4.99852801234917238e-03, 2.30417297573763929e-05,
       2.85885980666130812e-04),
      --  Uranus
      (1.28943695621391310e+01, -1.51111514016986312e+01,
       -2.23307578892655734e-01, 2.96460137564761618e-03,
       2.37847173959480950e-03, -2.96589568540237556e-05,
       4.36624404335156298e-05),
      --  Neptune
      (1.53796971148509165e+01, -2.59193146099879641e+01,
       1.79258772950371181e-01, 2.68067772490389322e-03,
       1.62824170038242295e-03, -9.51592254519715870e-05,
       5.15138902046611451e-05));

   procedure Offset_Momentum (B : in out System_Of_Bodies) is
      Px, Py, Pz : Long_Float := 0.0;
   begin
      for I in B'Range loop
         Px := Px + B (I).Vx * B (I).Mass;
         Py := Py + B (I).Vy * B (I).Mass;
         Pz := Pz + B (I).Vz * B (I).Mass;
      end loop;
      B (B'First).Vx := -Px / Solar_Mass;
      B (B'First).Vy := -Py / Solar_Mass;
      B (B'First).Vz := -Pz / Solar_Mass;
   end Offset_Momentum;

   function Energy (B : System_Of_Bodies) return Long_Float is
      E : Long_Float := 0.0;
   begin
      for I in B'Range loop
         E := E + 0.5 * B (I).Mass
           * (B (I).Vx * B (I).Vx + B (I).Vy * B (I).Vy + B (I).Vz * B (I).Vz);
         for J in I + 1 .. B'Last loop
            declare
               Dx : constant Long_Float := B (I).X - B (J).X;
               Dy : constant Long_Float := B (I).Y - B (J).Y;
               Dz : constant Long_Float := B (I).Z - B (J).Z;
            begin
               E := E - B (I).Mass * B (J).Mass
                 / Sqrt (Dx * Dx + Dy * Dy + Dz * Dz);
            end;
         end loop;
      end loop;
      return E;
   end Energy;

   procedure Advance (B : in out System_Of_Bodies; Dt : Long_Float) is
   begin
      for I in B'Range loop
         for J in I + 1 .. B'Last loop
            declare
               Bi  : Planet renames B (I);
               Bj  : Planet renames B (J);
               Dx  : constant Long_Float := Bi.X - Bj.X;
               Dy  : constant Long_Float := Bi.Y - Bj.Y;
               Dz  : constant Long_Float := Bi.Z - Bj.Z;
               D2  : constant Long_Float := Dx * Dx + Dy * Dy + Dz * Dz;
               Mag : constant Long_Float := Dt / (D2 * Sqrt (D2));
               Mi  : constant Long_Float := Bi.Mass;
               Mj  : constant Long_Float := Bj.Mass;
            begin
               --  evaluated as SPEC.md writes it: (d * m) * mag
               Bi.Vx := Bi.Vx - Dx * Mj * Mag;
               Bi.Vy := Bi.Vy - Dy * Mj * Mag;
               Bi.Vz := Bi.Vz - Dz * Mj * Mag;
               Bj.Vx := Bj.Vx + Dx * Mi * Mag;
               Bj.Vy := Bj.Vy + Dy * Mi * Mag;
               Bj.Vz := Bj.Vz + Dz * Mi * Mag;
            end;
         end loop;
      end loop;
      for I in B'Range loop
         B (I).X := B (I).X + Dt * B (I).Vx;
         B (I).Y := B (I).Y + Dt * B (I).Vy;
         B (I).Z := B (I).Z + Dt * B (I).Vz;
      end loop;
   end Advance;

   N : Natural := 1000;
begin
   if Ada.Command_Line.Argument_Count > 0 then
      N := Natural'Value (Ada.Command_Line.Argument (1));
   end if;

   for I in Bodies'Range loop
      Bodies (I).Vx := Bodies (I).Vx * Days_Per_Year;
      Bodies (I).Vy := Bodies (I).Vy * Days_Per_Year;
      Bodies (I).Vz := Bodies (I).Vz * Days_Per_Year;
      Bodies (I).Mass := Bodies (I).Mass * Solar_Mass;
   end loop;
   Offset_Momentum (Bodies);

   Ada.Long_Float_Text_IO.Put (Energy (Bodies), Fore => 1, Aft => 9, Exp => 0);
   Ada.Text_IO.New_Line;
   for Step in 1 .. N loop
      Advance (Bodies, 0.01);
   end loop;
   Ada.Long_Float_Text_IO.Put (Energy (Bodies), Fore => 1, Aft => 9, Exp => 0);
   Ada.Text_IO.New_Line;
end Main;
