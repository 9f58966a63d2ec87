--  k-nucleotide (joulebench suite, written from SPEC.md).
--  Rules relied on: single-threaded; standard library only. Counts are kept
--  in Ada.Containers.Hashed_Maps, keyed by the k-mer packed 2 bits a base
--  into an Unsigned_64 (k <= 32); stdin is read in 1 MiB blocks through the
--  standard input stream; sorting with Ada.Containers.Generic_Array_Sort.
with Ada.Containers.Hashed_Maps;
with Ada.Containers.Generic_Array_Sort;
with Ada.Streams;
with Ada.Text_IO;
with Ada.Text_IO.Text_Streams;
with Ada.Unchecked_Deallocation;
with Interfaces;

procedure Main is
   use Ada.Streams;
   use Interfaces;
   use type Ada.Containers.Hash_Type;

   type String_Access is access String;
   procedure Free is new Ada.Unchecked_Deallocation (String, String_Access);

   --  The whole of standard input.
   function Read_All return String_Access is
      Input : constant Ada.Text_IO.Text_Streams.Stream_Access :=
        Ada.Text_IO.Text_Streams.Stream (Ada.Text_IO.Standard_Input);
      Data  : String_Access := new String (1 .. 2 ** 20);
      Used  : Natural := 0;
      Block : Stream_Element_Array (1 .. 2 ** 20);
      Last  : Stream_Element_Offset;
   begin
      loop
         Read (Input.all, Block, Last);
         exit when Last < Block'First;
         declare
            Count : constant Natural := Natural (Last);
         begin
            if Used + Count > Data'Length then
               declare
                  Bigger : constant String_Access :=
                    new String (1 .. 2 * (Used + Count));
               begin
                  Bigger (1 .. Used) := Data (1 .. Used);
                  Free (Data);
                  Data := Bigger;
               end;
            end if;
            for I in 1 .. Count loop
               Data (Used + I) :=
                 Character'Val (Block (Stream_Element_Offset (I)));
            end loop;
            Used := Used + Count;
         end;
      end loop;
      declare
         Result : constant String_Access := new String'(Data (1 .. Used));
      begin
         Free (Data);
         return Result;
      end;
   end Read_All;

   --  The joined, upper-cased sequence of the record whose header starts
   --  with ">THREE".
   function Read_Three return String_Access is
      Data   : String_Access := Read_All;
      Seq    : constant String_Access := new String (1 .. Data'Length);
      Len    : Natural := 0;
      Pos    : Positive := Data'First;
      Eol    : Natural;
      Inside : Boolean := False;
   begin
      while Pos <= Data'Last loop
         Eol := Pos;
         while Eol <= Data'Last and then Data (Eol) /= ASCII.LF loop
            Eol := Eol + 1;
         end loop;
         --  the line is Data (Pos .. Eol - 1)
         if Data (Pos) = '>' then
            exit when Inside;
            Inside := Eol - Pos >= 6 and then Data (Pos .. Pos + 5) = ">THREE";
         elsif Inside then
            for I in Pos .. Eol - 1 loop
               if Data (I) /= ASCII.CR then
                  Len := Len + 1;
                  if Data (I) in 'a' .. 'z' then
                     Seq (Len) := Character'Val (Character'Pos (Data (I)) - 32);
                  else
                     Seq (Len) := Data (I);
                  end if;
               end if;
            end loop;
         end if;
         Pos := Eol + 1;
      end loop;
      Free (Data);
      declare
         Result : constant String_Access := new String'(Seq (1 .. Len));
         S      : String_Access := Seq;
      begin
         Free (S);
         return Result;
      end;
   end Read_Three;

   Code : constant array (Character) of Unsigned_64 :=
     ('A' => 0, 'C' => 1, 'G' => 2, 'T' => 3, others => 0);
   Base : constant array (Unsigned_64 range 0 .. 3) of Character := "ACGT";

   function Hash (Key : Unsigned_64) return Ada.Containers.Hash_Type is
   begin
      return Ada.Containers.Hash_Type
        (Shift_Right (Key * 16#9E37_79B9_7F4A_7C15#, 32));
   end Hash;

   package Counts is new Ada.Containers.Hashed_Maps
     (Key_Type        => Unsigned_64,
      Element_Type    => Natural,
      Hash            => Hash,
      Equivalent_Keys => "=");

   procedure Count_All (Seq : String; K : Positive; Map : out Counts.Map) is
      Mask     : constant Unsigned_64 := Shift_Left (1, 2 * K) - 1;
      Key      : Unsigned_64 := 0;
      Position : Counts.Cursor;
      Inserted : Boolean;
   begin
      Map.Reserve_Capacity (1024);
      if Seq'Length < K then
         return;
      end if;
      for I in Seq'First .. Seq'First + K - 2 loop
         Key := Shift_Left (Key, 2) or Code (Seq (I));
      end loop;
      for I in Seq'First + K - 1 .. Seq'Last loop
         Key := (Shift_Left (Key, 2) or Code (Seq (I))) and Mask;
         Map.Insert (Key, 1, Position, Inserted);
         if not Inserted then
            Map.Replace_Element (Position, Counts.Element (Position) + 1);
         end if;
      end loop;
   end Count_All;

   function Decode (Key : Unsigned_64; K : Positive) return String is
      S : String (1 .. K);
      V : Unsigned_64 := Key;
   begin
      for I in reverse S'Range loop
         S (I) := Base (V and 3);
         V := Shift_Right (V, 2);
      end loop;
      return S;
   end Decode;

   function Encode (S : String) return Unsigned_64 is
      Key : Unsigned_64 := 0;
   begin
      for C of S loop
         Key := Shift_Left (Key, 2) or Code (C);
      end loop;
      return Key;
   end Encode;

   type Entry_T is record
      Key   : Unsigned_64;
      Count : Natural;
   end record;
   type Entry_Array is array (Positive range <>) of Entry_T;

   --  count descending, then k-mer ascending (for a fixed k the packed
   --  code orders like the k-mer itself: A < C < G < T)
   function Before (L, R : Entry_T) return Boolean is
     (L.Count > R.Count or else (L.Count = R.Count and then L.Key < R.Key));

   procedure Sort is new Ada.Containers.Generic_Array_Sort
     (Index_Type => Positive, Element_Type => Entry_T,
      Array_Type => Entry_Array, "<" => Before);

   package Real_IO is new Ada.Text_IO.Float_IO (Long_Float);

   procedure Print_Frequencies (Seq : String; K : Positive) is
      Map   : Counts.Map;
      Total : constant Long_Float := Long_Float (Seq'Length - K + 1);
   begin
      Count_All (Seq, K, Map);
      declare
         Items : Entry_Array (1 .. Natural (Map.Length));
         I     : Natural := 0;
      begin
         for C in Map.Iterate loop
            I := I + 1;
            Items (I) := (Counts.Key (C), Counts.Element (C));
         end loop;
         Sort (Items);
         for E of Items loop
            Ada.Text_IO.Put (Decode (E.Key, K) & " ");
            Real_IO.Put (100.0 * Long_Float (E.Count) / Total,
                         Fore => 1, Aft => 3, Exp => 0);
            Ada.Text_IO.New_Line;
         end loop;
      end;
      Ada.Text_IO.New_Line;
   end Print_Frequencies;

   procedure Print_Count (Seq : String; Fragment : String) is
      Map      : Counts.Map;
      Position : Counts.Cursor;
      Count    : Natural := 0;
   begin
      Count_All (Seq, Fragment'Length, Map);
      Position := Map.Find (Encode (Fragment));
      if Counts.Has_Element (Position) then
         Count := Counts.Element (Position);
      end if;
      declare
         Image : constant String := Natural'Image (Count);
      begin
         Ada.Text_IO.Put_Line (Image (Image'First + 1 .. Image'Last)
                               & ASCII.HT & Fragment);
      end;
   end Print_Count;

   Seq : constant String_Access := Read_Three;
begin
   Print_Frequencies (Seq.all, 1);
   Print_Frequencies (Seq.all, 2);
   Print_Count (Seq.all, "GGT");
   Print_Count (Seq.all, "GGTA");
   Print_Count (Seq.all, "GGTATT");
   Print_Count (Seq.all, "GGTATTTTAATT");
   Print_Count (Seq.all, "GGTATTTTAATTTATAGT");
end Main;
