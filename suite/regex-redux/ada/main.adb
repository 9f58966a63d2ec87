--  regex-redux (joulebench suite, written from SPEC.md).
--  Rules relied on: single-threaded; regular expressions from GNAT.Regpat
--  (GNAT's own regex package, shipped with the compiler); every count and
--  substitution is done by the regex engine, matches scanned left to right
--  without overlap; stdin read whole in 1 MiB blocks through the standard
--  input stream.
with Ada.Streams;
with Ada.Text_IO;
with Ada.Text_IO.Text_Streams;
with Ada.Unchecked_Deallocation;
with GNAT.Regpat;

procedure Main is
   use Ada.Streams;
   use GNAT.Regpat;

   type String_Access is access String;
   procedure Free is new Ada.Unchecked_Deallocation (String, String_Access);

   --  The whole of standard input.
   function Read_All return String_Access is
      Input : constant Ada.Text_IO.Text_Streams.Stream_Access :=
        Ada.Text_IO.Text_Streams.Stream (Ada.Text_IO.Standard_Input);
      Data  : String_Access := new String (1 .. 2 ** 24);
      Used  : Natural := 0;
      Block : Stream_Element_Array (1 .. 2 ** 20);
      Last  : Stream_Element_Offset;
   begin
      loop
         Read (Input.all, Block, Last);
         exit when Last < Block'First;
         if Used + Natural (Last) > Data'Length then
            declare
               Bigger : constant String_Access :=
                 new String (1 .. 2 * (Used + Natural (Last)));
            begin
               Bigger (1 .. Used) := Data (1 .. Used);
               Free (Data);
               Data := Bigger;
            end;
         end if;
         for I in 1 .. Natural (Last) loop
            Data (Used + I) := Character'Val (Block (Stream_Element_Offset (I)));
         end loop;
         Used := Used + Natural (Last);
      end loop;
      declare
         Result : constant String_Access := new String'(Data (1 .. Used));
      begin
         Free (Data);
         return Result;
      end;
   end Read_All;

   --  The number of non-overlapping matches of Pattern in Text.
   function Count_Matches (Pattern : String; Text : String) return Natural is
      Re      : constant Pattern_Matcher := Compile (Pattern);
      Matches : Match_Array (0 .. 0);
      Pos     : Positive := Text'First;
      Count   : Natural := 0;
   begin
      while Pos <= Text'Last loop
         Match (Re, Text, Matches, Data_First => Pos);
         exit when Matches (0) = No_Match;
         Count := Count + 1;
         Pos := Matches (0).Last + 1;
      end loop;
      return Count;
   end Count_Matches;

   --  Text with every non-overlapping match of Pattern replaced by By.
   function Replace_All (Pattern, By : String; Text : String)
     return String_Access
   is
      Re      : constant Pattern_Matcher := Compile (Pattern);
      Matches : Match_Array (0 .. 0);
      Result  : String_Access := new String (1 .. Text'Length + 16);
      Used    : Natural := 0;
      Pos     : Positive := Text'First;

      procedure Append (S : String) is
      begin
         if Used + S'Length > Result'Length then
            declare
               Bigger : constant String_Access :=
                 new String (1 .. 2 * (Used + S'Length));
            begin
               Bigger (1 .. Used) := Result (1 .. Used);
               Free (Result);
               Result := Bigger;
            end;
         end if;
         Result (Used + 1 .. Used + S'Length) := S;
         Used := Used + S'Length;
      end Append;
   begin
      while Pos <= Text'Last loop
         Match (Re, Text, Matches, Data_First => Pos);
         exit when Matches (0) = No_Match;
         Append (Text (Pos .. Matches (0).First - 1));
         Append (By);
         Pos := Matches (0).Last + 1;
      end loop;
      Append (Text (Pos .. Text'Last));
      declare
         Final : constant String_Access := new String'(Result (1 .. Used));
      begin
         Free (Result);
         return Final;
      end;
   end Replace_All;

   function Img (X : Natural) return String is
      S : constant String := Natural'Image (X);
   begin
      return S (S'First + 1 .. S'Last);
   end Img;

   type Pattern_List is array (Positive range <>) of access constant String;

   Variants : constant Pattern_List :=
     (new String'("agggtaaa|tttaccct"),
      new String'("[cgt]gggtaaa|tttaccc[acg]"),
      new String'("a[act]ggtaaa|tttacc[agt]t"),
      new String'("ag[act]gtaaa|tttac[agt]ct"),
      new String'("agg[act]taaa|ttta[agt]cct"),
      new String'("aggg[acg]aaa|ttt[cgt]ccct"),
      new String'("agggt[cgt]aa|tt[acg]accct"),
      new String'("agggta[cgt]a|t[acg]taccct"),
      new String'("agggtaa[cgt]|[acg]ttaccct"));

   Patterns : constant Pattern_List :=
     (new String'("tHa[Nt]"), new String'("aND|caN|Ha[DS]|WaS"),
      new String'("a[NSt]|BY"), new String'("<[^>]*>"),
      new String'("\|[^|][^|]*\|"));
   Replacements : constant Pattern_List :=
     (new String'("<4>"), new String'("<3>"), new String'("<2>"),
      new String'("|"), new String'("-"));

   Input       : String_Access := Read_All;
   Input_Len   : constant Natural := Input'Length;
   Seq         : String_Access := Replace_All (">.*\n|\n", "", Input.all);
   Clean_Len   : constant Natural := Seq'Length;
   Next        : String_Access;
begin
   Free (Input);
   for P of Variants loop
      Ada.Text_IO.Put_Line (P.all & " " & Img (Count_Matches (P.all, Seq.all)));
   end loop;
   for I in Patterns'Range loop
      Next := Replace_All (Patterns (I).all, Replacements (I).all, Seq.all);
      Free (Seq);
      Seq := Next;
   end loop;
   Ada.Text_IO.New_Line;
   Ada.Text_IO.Put_Line (Img (Input_Len));
   Ada.Text_IO.Put_Line (Img (Clean_Len));
   Ada.Text_IO.Put_Line (Img (Seq'Length));
end Main;
