--  fannkuch-redux (joulebench suite, written from SPEC.md).
--  Rules relied on: single-threaded; the SPEC's permutation order and flip
--  counting; no hand-written SIMD. Standard library only.
with Ada.Command_Line;
with Ada.Text_IO;

procedure Main is
   function Img (X : Integer) return String is
      S : constant String := Integer'Image (X);
   begin
      if S (S'First) = ' ' then
         return S (S'First + 1 .. S'Last);
      end if;
      return S;
   end Img;

   N : Positive := 7;
begin
   if Ada.Command_Line.Argument_Count > 0 then
      N := Positive'Value (Ada.Command_Line.Argument (1));
   end if;

   declare
      subtype Index is Natural range 0 .. N - 1;
      type Perm_Array is array (Index) of Natural;
      Perm1, Perm : Perm_Array;
      Count       : array (0 .. N) of Natural := (others => 0);
      R           : Positive := N;
      Perm_Index  : Natural := 0;
      Max_Flips   : Natural := 0;
      Checksum    : Integer := 0;
      Flips, K, P0, Tmp, Lo, Hi : Natural;
   begin
      for I in Index loop
         Perm1 (I) := I;
      end loop;

      Outer :
      loop
         while R /= 1 loop
            Count (R - 1) := R;
            R := R - 1;
         end loop;

         --  count the flips of a copy
         Perm := Perm1;
         Flips := 0;
         K := Perm (0);
         while K /= 0 loop
            Lo := 0;
            Hi := K;
            while Lo < Hi loop
               Tmp := Perm (Lo);
               Perm (Lo) := Perm (Hi);
               Perm (Hi) := Tmp;
               Lo := Lo + 1;
               Hi := Hi - 1;
            end loop;
            Flips := Flips + 1;
            K := Perm (0);
         end loop;
         if Flips > Max_Flips then
            Max_Flips := Flips;
         end if;
         if Perm_Index mod 2 = 0 then
            Checksum := Checksum + Flips;
         else
            Checksum := Checksum - Flips;
         end if;

         --  next permutation
         loop
            exit Outer when R = N;
            P0 := Perm1 (0);
            for I in 0 .. R - 1 loop
               Perm1 (I) := Perm1 (I + 1);
            end loop;
            Perm1 (R) := P0;
            Count (R) := Count (R) - 1;
            exit when Count (R) > 0;
            R := R + 1;
         end loop;
         Perm_Index := Perm_Index + 1;
      end loop Outer;

      Ada.Text_IO.Put_Line (Img (Checksum));
      Ada.Text_IO.Put_Line ("Pfannkuchen(" & Img (N) & ") = " & Img (Max_Flips));
   end;
end Main;
