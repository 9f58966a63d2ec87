-- fasta (joulebench suite, written from SPEC.md).
-- Rules relied on: single-threaded; the SPEC's generator (seed 42, integer
-- LCG, one division in double) and cumulative-probability lookup in double;
-- standard library only (base, array). Lines are written into
-- one 64 KiB byte buffer that goes out with hPutBuf when full: no per-byte
-- or per-line I/O calls.
{-# LANGUAGE BangPatterns #-}
module Main (main) where

import Data.Array.Base (unsafeAt)
import Data.Array.Unboxed (UArray, listArray)
import Data.Char (ord)
import Data.Word (Word8)
import Foreign.Marshal.Alloc (mallocBytes)
import Foreign.Ptr (Ptr)
import Foreign.Storable (pokeByteOff)
import System.Environment (getArgs)
import System.IO (hPutBuf, hSetBinaryMode, stdout)

aluText :: String
aluText =
  ( "GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGGGAGGCCGAGGCGGGCGGATCACCTGAGGTC"
    ++ "AGGAGTTCGAGACCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAATACAAAAATTAGCCGGG"
    ++ "CGTGGTGGCGCGCGCCTGTAATCCCAGCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGGAGG"
    ++ "CGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCCAGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA" )

aluLen :: Int
aluLen = length aluText

alu :: UArray Int Word8
alu = listArray (0, aluLen - 1) (map (fromIntegral . ord) aluText)

iub, homoSapiens :: [(Char, Double)]
iub =
  [ ('a', 0.27), ('c', 0.12), ('g', 0.12), ('t', 0.27)
  , ('B', 0.02), ('D', 0.02), ('H', 0.02), ('K', 0.02), ('M', 0.02), ('N', 0.02)
  , ('R', 0.02), ('S', 0.02), ('V', 0.02), ('W', 0.02), ('Y', 0.02) ]
homoSapiens =
  [ ('a', 0.3029549426680), ('c', 0.1979883004921)
  , ('g', 0.1975473066391), ('t', 0.3015094502008) ]

lineLen, bufSize :: Int
lineLen = 60
bufSize = 65536

-- The output buffer and how many bytes of it are filled.
data Out = Out !(Ptr Word8) !Int

flushIfFull :: Out -> IO Out
flushIfFull o@(Out p used)
  | used + lineLen + 1 > bufSize = hPutBuf stdout p used >> return (Out p 0)
  | otherwise = return o

putStrOut :: Out -> String -> IO Out
putStrOut o0 s = go o0 s
  where
    go o [] = return o
    go o (c : cs) = do
      Out p used <- flushIfFull o
      pokeByteOff p used (fromIntegral (ord c) :: Word8)
      go (Out p (used + 1)) cs

-- ALU repeated cyclically, n characters.
repeatAlu :: Out -> Int -> IO Out
repeatAlu o0 n0 = go o0 n0 0
  where
    len = aluLen
    go o !left !pos
      | left <= 0 = return o
      | otherwise = do
          Out p used <- flushIfFull o
          let m = min lineLen left
              line !i !q
                | i == m = return q
                | otherwise = do
                    pokeByteOff p (used + i) (unsafeAt alu q)
                    line (i + 1) (if q + 1 == len then 0 else q + 1)
          q <- line 0 pos
          pokeByteOff p (used + m) (10 :: Word8)
          go (Out p (used + m + 1)) (left - m) q

-- n random characters from a table; returns the buffer and the new seed.
randomChars :: Out -> [(Char, Double)] -> Int -> Int -> IO (Out, Int)
randomChars o0 table n0 seed0 = go o0 n0 seed0
  where
    k = length table
    chars = listArray (0, k - 1) (map (fromIntegral . ord . fst) table) :: UArray Int Word8
    cumul = listArray (0, k - 1) (tail (scanl (+) 0 (map snd table))) :: UArray Int Double
    pick :: Double -> Int -> Word8
    pick !r !i
      | i == k - 1 = unsafeAt chars i
      | unsafeAt cumul i > r = unsafeAt chars i
      | otherwise = pick r (i + 1)
    go o !left !seed
      | left <= 0 = return (o, seed)
      | otherwise = do
          Out p used <- flushIfFull o
          let m = min lineLen left
              line !i !s
                | i == m = return s
                | otherwise = do
                    let s' = (s * 3877 + 29573) `rem` 139968
                        r = fromIntegral s' / 139968.0
                    pokeByteOff p (used + i) (pick r 0)
                    line (i + 1) s'
          s <- line 0 seed
          pokeByteOff p (used + m) (10 :: Word8)
          go (Out p (used + m + 1)) (left - m) s

main :: IO ()
main = do
  args <- getArgs
  let n = case args of
        (a : _) -> read a :: Int
        _ -> 1000
  hSetBinaryMode stdout True
  buf <- mallocBytes bufSize
  o1 <- putStrOut (Out buf 0) ">ONE Homo sapiens alu\n"
  o2 <- repeatAlu o1 (2 * n)
  o3 <- putStrOut o2 ">TWO IUB ambiguity codes\n"
  (o4, seed) <- randomChars o3 iub (3 * n) 42
  o5 <- putStrOut o4 ">THREE Homo sapiens frequency\n"
  (Out p used, _) <- randomChars o5 homoSapiens (5 * n) seed
  hPutBuf stdout p used
