--  reverse-complement (joulebench suite, written from SPEC.md).
--  Rules relied on: single-threaded; standard library only. stdin is read
--  whole in 1 MiB blocks through the standard input stream; each record's
--  sequence is joined, then written reversed and complemented 60 bases a
--  line into a 1 MiB buffer that goes out with Write on the output stream.
with Ada.Streams;
with Ada.Text_IO;
with Ada.Text_IO.Text_Streams;
with Ada.Unchecked_Deallocation;

procedure Main is
   use Ada.Streams;

   type Bytes_Access is access Stream_Element_Array;
   procedure Free is new Ada.Unchecked_Deallocation
     (Stream_Element_Array, Bytes_Access);

   Input  : constant Ada.Text_IO.Text_Streams.Stream_Access :=
     Ada.Text_IO.Text_Streams.Stream (Ada.Text_IO.Standard_Input);
   Output : constant Ada.Text_IO.Text_Streams.Stream_Access :=
     Ada.Text_IO.Text_Streams.Stream (Ada.Text_IO.Standard_Output);

   LF : constant Stream_Element := Character'Pos (ASCII.LF);
   GT : constant Stream_Element := Character'Pos ('>');

   --  complement table: upper or lower case in, upper case out
   Complement : array (Stream_Element) of Stream_Element;

   procedure Init_Complement is
      procedure Pair (From, To : Character) is
         F : constant Stream_Element := Character'Pos (From);
      begin
         Complement (F) := Character'Pos (To);
         Complement (F + 32) := Character'Pos (To);  --  lower case
      end Pair;
   begin
      for B in Complement'Range loop
         Complement (B) := B;
      end loop;
      Pair ('A', 'T'); Pair ('C', 'G'); Pair ('G', 'C'); Pair ('T', 'A');
      Pair ('U', 'A'); Pair ('M', 'K'); Pair ('R', 'Y'); Pair ('W', 'W');
      Pair ('S', 'S'); Pair ('Y', 'R'); Pair ('K', 'M'); Pair ('V', 'B');
      Pair ('H', 'D'); Pair ('D', 'H'); Pair ('B', 'V'); Pair ('N', 'N');
   end Init_Complement;

   --  The whole of standard input.
   function Read_All (Length : out Stream_Element_Offset) return Bytes_Access is
      Data : Bytes_Access := new Stream_Element_Array (1 .. 2 ** 24);
      Used : Stream_Element_Offset := 0;
      Last : Stream_Element_Offset;
   begin
      loop
         if Used + 2 ** 20 > Data'Last then
            declare
               Bigger : constant Bytes_Access :=
                 new Stream_Element_Array (1 .. 2 * Data'Last);
            begin
               Bigger (1 .. Used) := Data (1 .. Used);
               Free (Data);
               Data := Bigger;
            end;
         end if;
         Read (Input.all, Data (Used + 1 .. Used + 2 ** 20), Last);
         exit when Last <= Used;
         Used := Last;
      end loop;
      Length := Used;
      return Data;
   end Read_All;

   Out_Buf  : Stream_Element_Array (1 .. 2 ** 20);
   Out_Used : Stream_Element_Offset := 0;

   procedure Flush is
   begin
      if Out_Used > 0 then
         Write (Output.all, Out_Buf (1 .. Out_Used));
         Out_Used := 0;
      end if;
   end Flush;

   procedure Put (Item : Stream_Element_Array) is
   begin
      if Out_Used + Item'Length > Out_Buf'Last then
         Flush;
      end if;
      if Item'Length > Out_Buf'Length then
         Write (Output.all, Item);
      else
         Out_Buf (Out_Used + 1 .. Out_Used + Item'Length) := Item;
         Out_Used := Out_Used + Item'Length;
      end if;
   end Put;

   Length : Stream_Element_Offset;
   Data   : Bytes_Access;
   Seq    : Bytes_Access;
   Pos, Eol, Seq_Len, Line, Src : Stream_Element_Offset;
   Chunk  : Stream_Element_Array (1 .. 61);
begin
   Init_Complement;
   Data := Read_All (Length);
   Seq := new Stream_Element_Array (1 .. Stream_Element_Offset'Max (Length, 1));
   Pos := 1;
   while Pos <= Length loop
      --  header line, unchanged
      Eol := Pos;
      while Eol <= Length and then Data (Eol) /= LF loop
         Eol := Eol + 1;
      end loop;
      Put (Data (Pos .. Stream_Element_Offset'Min (Eol, Length)));
      if Eol > Length then
         Put ((1 => LF));
      end if;
      Pos := Eol + 1;

      --  the sequence, up to the next header, joined
      Seq_Len := 0;
      while Pos <= Length and then Data (Pos) /= GT loop
         Eol := Pos;
         while Eol <= Length and then Data (Eol) /= LF loop
            Eol := Eol + 1;
         end loop;
         Seq (Seq_Len + 1 .. Seq_Len + (Eol - Pos)) := Data (Pos .. Eol - 1);
         Seq_Len := Seq_Len + (Eol - Pos);
         Pos := Eol + 1;
      end loop;

      --  reversed and complemented, 60 a line
      Src := Seq_Len;
      while Src > 0 loop
         Line := Stream_Element_Offset'Min (60, Src);
         for I in 1 .. Line loop
            Chunk (I) := Complement (Seq (Src));
            Src := Src - 1;
         end loop;
         Chunk (Line + 1) := LF;
         Put (Chunk (1 .. Line + 1));
      end loop;
   end loop;
   Flush;
end Main;
