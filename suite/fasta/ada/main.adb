--  fasta (joulebench suite, written from SPEC.md).
--  Rules relied on: single-threaded; the SPEC's linear congruential
--  generator and cumulative-probability lookup (doubles, no FMA: built with
--  -ffp-contract=off); output collected in a 64 KiB buffer written with
--  String'Write on the standard output stream. Standard library only.
with Ada.Command_Line;
with Ada.Text_IO;
with Ada.Text_IO.Text_Streams;

procedure Main is
   Line_Length : constant := 60;

   Output : constant Ada.Text_IO.Text_Streams.Stream_Access :=
     Ada.Text_IO.Text_Streams.Stream (Ada.Text_IO.Standard_Output);
   Buffer : String (1 .. 65536);
   Used   : Natural := 0;

   procedure Flush is
   begin
      if Used > 0 then
         String'Write (Output, Buffer (1 .. Used));
         Used := 0;
      end if;
   end Flush;

   procedure Put (S : String) is
   begin
      if Used + S'Length > Buffer'Last then
         Flush;
      end if;
      Buffer (Used + 1 .. Used + S'Length) := S;
      Used := Used + S'Length;
   end Put;

   procedure Put (C : Character) is
   begin
      if Used = Buffer'Last then
         Flush;
      end if;
      Used := Used + 1;
      Buffer (Used) := C;
   end Put;

   Alu : constant String :=
     "GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGGGAGGCCGAGGCGGGCGGATCACCTGAGGTC"
     & "AGGAGTTCGAGACCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAATACAAAAATTAGCCGGG"
     & "CGTGGTGGCGCGCGCCTGTAATCCCAGCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGGAGG"
     & "CGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCCAGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA";

   type Frequency is record
      Symbol : Character;
      Prob   : Long_Float;
   end record;
   type Frequency_Table is array (Positive range <>) of Frequency;

   Iub : Frequency_Table :=
     (('a', 0.27), ('c', 0.12), ('g', 0.12), ('t', 0.27),
      ('B', 0.02), ('D', 0.02), ('H', 0.02), ('K', 0.02),
      ('M', 0.02), ('N', 0.02), ('R', 0.02), ('S', 0.02),
      ('V', 0.02), ('W', 0.02), ('Y', 0.02));

   Homo_Sapiens : Frequency_Table :=
     (('a', 0.3029549426680), ('c', 0.1979883004921),
      ('g', 0.1975473066391), ('t', 0.3015094502008));

   IM   : constant := 139968;
   IA   : constant := 3877;
   IC   : constant := 29573;
   Seed : Integer := 42;

   function Next_Random return Long_Float is
   begin
      Seed := (Seed * IA + IC) mod IM;
      return Long_Float (Seed) / 139968.0;
   end Next_Random;
   pragma Inline (Next_Random);

   procedure Make_Cumulative (T : in out Frequency_Table) is
      Sum : Long_Float := 0.0;
   begin
      for I in T'Range loop
         Sum := Sum + T (I).Prob;
         T (I).Prob := Sum;
      end loop;
   end Make_Cumulative;

   procedure Repeat_Fasta (Header : String; S : String; N : Natural) is
      Pos       : Positive := S'First;
      Remaining : Natural := N;
      Line      : Natural;
   begin
      Put (Header);
      while Remaining > 0 loop
         Line := Natural'Min (Line_Length, Remaining);
         for I in 1 .. Line loop
            Put (S (Pos));
            Pos := (if Pos = S'Last then S'First else Pos + 1);
         end loop;
         Put (ASCII.LF);
         Remaining := Remaining - Line;
      end loop;
   end Repeat_Fasta;

   procedure Random_Fasta (Header : String; T : Frequency_Table; N : Natural) is
      Remaining : Natural := N;
      Line      : Natural;
      R         : Long_Float;
      Pick      : Positive;
   begin
      Put (Header);
      while Remaining > 0 loop
         Line := Natural'Min (Line_Length, Remaining);
         for I in 1 .. Line loop
            R := Next_Random;
            Pick := T'Last;
            for J in T'Range loop
               if T (J).Prob > R then
                  Pick := J;
                  exit;
               end if;
            end loop;
            Put (T (Pick).Symbol);
         end loop;
         Put (ASCII.LF);
         Remaining := Remaining - Line;
      end loop;
   end Random_Fasta;

   N : Natural := 1000;
begin
   if Ada.Command_Line.Argument_Count > 0 then
      N := Natural'Value (Ada.Command_Line.Argument (1));
   end if;
   Make_Cumulative (Iub);
   Make_Cumulative (Homo_Sapiens);

   Repeat_Fasta (">ONE Homo sapiens alu" & ASCII.LF, Alu, 2 * N);
   Random_Fasta (">TWO IUB ambiguity codes" & ASCII.LF, Iub, 3 * N);
   Random_Fasta (">THREE Homo sapiens frequency" & ASCII.LF, Homo_Sapiens, 5 * N);
   Flush;
end Main;
