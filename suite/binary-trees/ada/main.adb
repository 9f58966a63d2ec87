--  binary-trees (joulebench suite, written from SPEC.md).
--  Rules relied on: single-threaded; every node a separate heap allocation
--  with the ordinary allocator (new), dropped trees given back with
--  Ada.Unchecked_Deallocation (GNAT has no garbage collector); no pools,
--  arenas or free lists. Standard library only.
with Ada.Command_Line;
with Ada.Text_IO;
with Ada.Unchecked_Deallocation;

procedure Main is
   type Node;
   type Tree is access Node;
   type Node is record
      Left, Right : Tree;
   end record;

   procedure Free_Node is new Ada.Unchecked_Deallocation (Node, Tree);

   function Make (Depth : Natural) return Tree is
   begin
      if Depth = 0 then
         return new Node'(Left => null, Right => null);
      end if;
      return new Node'(Left => Make (Depth - 1), Right => Make (Depth - 1));
   end Make;

   function Check (T : Tree) return Natural is
   begin
      if T.Left = null then
         return 1;
      end if;
      return 1 + Check (T.Left) + Check (T.Right);
   end Check;

   procedure Drop (T : in out Tree) is
   begin
      if T.Left /= null then
         Drop (T.Left);
         Drop (T.Right);
      end if;
      Free_Node (T);
   end Drop;

   function Img (X : Integer) return String is
      S : constant String := Integer'Image (X);
   begin
      return S (S'First + 1 .. S'Last);
   end Img;

   HT        : constant Character := ASCII.HT;
   Min_Depth : constant := 4;
   N         : Natural := 10;
   Max_Depth : Natural;
begin
   if Ada.Command_Line.Argument_Count > 0 then
      N := Natural'Value (Ada.Command_Line.Argument (1));
   end if;
   Max_Depth := Natural'Max (Min_Depth + 2, N);

   declare
      Stretch : Tree := Make (Max_Depth + 1);
   begin
      Ada.Text_IO.Put_Line ("stretch tree of depth " & Img (Max_Depth + 1)
                            & HT & " check: " & Img (Check (Stretch)));
      Drop (Stretch);
   end;

   declare
      Long_Lived : Tree := Make (Max_Depth);
      Depth      : Natural := Min_Depth;
   begin
      while Depth <= Max_Depth loop
         declare
            Iterations : constant Natural := 2 ** (Max_Depth - Depth + Min_Depth);
            Sum        : Natural := 0;
            T          : Tree;
         begin
            for I in 1 .. Iterations loop
               T := Make (Depth);
               Sum := Sum + Check (T);
               Drop (T);
            end loop;
            Ada.Text_IO.Put_Line (Img (Iterations) & HT & " trees of depth "
                                  & Img (Depth) & HT & " check: " & Img (Sum));
         end;
         Depth := Depth + 2;
      end loop;
      Ada.Text_IO.Put_Line ("long lived tree of depth " & Img (Max_Depth)
                            & HT & " check: " & Img (Check (Long_Lived)));
      Drop (Long_Lived);
   end;
end Main;
