--  mandelbrot (joulebench suite, written from SPEC.md).
--  Rules relied on: single-threaded; IEEE double (Long_Float), no FMA
--  (built with -ffp-contract=off), no fast-math; no hand-written SIMD;
--  c computed directly for each pixel; binary PBM written a row at a time
--  with Write on the standard output stream. Standard library only.
with Ada.Command_Line;
with Ada.Streams;
with Ada.Text_IO;
with Ada.Text_IO.Text_Streams;

procedure Main is
   use Ada.Streams;

   Output : constant Ada.Text_IO.Text_Streams.Stream_Access :=
     Ada.Text_IO.Text_Streams.Stream (Ada.Text_IO.Standard_Output);

   function Img (X : Integer) return String is
      S : constant String := Integer'Image (X);
   begin
      return S (S'First + 1 .. S'Last);
   end Img;

   N : Positive := 200;
begin
   if Ada.Command_Line.Argument_Count > 0 then
      N := Positive'Value (Ada.Command_Line.Argument (1));
   end if;

   String'Write (Output, "P4" & ASCII.LF & Img (N) & " " & Img (N) & ASCII.LF);

   declare
      Row_Bytes : constant Stream_Element_Offset :=
        Stream_Element_Offset ((N + 7) / 8);
      Row       : Stream_Element_Array (0 .. Row_Bytes - 1);
      Size      : constant Long_Float := Long_Float (N);
      Bits      : Stream_Element;
      Cr, Ci, Zr, Zi, Tr, Ti : Long_Float;
      Iter      : Natural;
   begin
      for Y in 0 .. N - 1 loop
         Ci := 2.0 * Long_Float (Y) / Size - 1.0;
         Bits := 0;
         for X in 0 .. N - 1 loop
            Cr := 2.0 * Long_Float (X) / Size - 1.5;
            Zr := 0.0;
            Zi := 0.0;
            Tr := 0.0;
            Ti := 0.0;
            Iter := 0;
            while Iter < 50 and then Tr + Ti <= 4.0 loop
               Zi := 2.0 * Zr * Zi + Ci;
               Zr := Tr - Ti + Cr;
               Tr := Zr * Zr;
               Ti := Zi * Zi;
               Iter := Iter + 1;
            end loop;
            Bits := Bits * 2;
            if Tr + Ti <= 4.0 then
               Bits := Bits + 1;
            end if;
            if X mod 8 = 7 then
               Row (Stream_Element_Offset (X / 8)) := Bits;
               Bits := 0;
            end if;
         end loop;
         if N mod 8 /= 0 then
            Row (Row_Bytes - 1) := Bits * 2 ** (8 - N mod 8);
         end if;
         Write (Output.all, Row);
      end loop;
   end;
end Main;
