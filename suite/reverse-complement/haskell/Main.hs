-- reverse-complement (joulebench suite, written from SPEC.md).
-- Rules relied on: single-threaded; standard library only (base, array,
-- bytestring). stdin is read whole as a strict ByteString; each record's
-- reverse complement is written through a raw pointer into one new buffer
-- (60 bases a line, via a 256-entry lookup table) and goes out with one
-- hPut: no per-byte or per-line I/O calls.
{-# LANGUAGE BangPatterns #-}
module Main (main) where

import Data.Array.Base (unsafeAt)
import Data.Array.Unboxed (UArray, accumArray)
import qualified Data.ByteString as BS
import qualified Data.ByteString.Char8 as B
import qualified Data.ByteString.Internal as BI
import qualified Data.ByteString.Unsafe as BU
import Data.Char (ord, toLower)
import Data.Word (Word8)
import Foreign.Ptr (Ptr, castPtr)
import Foreign.Storable (peekByteOff, pokeByteOff)
import System.IO (hSetBinaryMode, stdin, stdout)

-- complement of every byte (upper or lower case in, upper case out); any
-- other byte maps to itself
complement :: UArray Word8 Word8
complement =
  accumArray (\_ v -> v) 0 (0, 255) $
    [(fromIntegral i, fromIntegral i) | i <- [0 .. 255 :: Int]]
      ++ concat
        [ [(byte from, byte to), (byte (toLower from), byte to)]
        | (from, to) <- pairs ]
  where
    byte = fromIntegral . ord
    pairs =
      [ ('A', 'T'), ('C', 'G'), ('G', 'C'), ('T', 'A'), ('U', 'A'), ('M', 'K')
      , ('R', 'Y'), ('W', 'W'), ('S', 'S'), ('Y', 'R'), ('K', 'M'), ('V', 'B')
      , ('H', 'D'), ('D', 'H'), ('B', 'V'), ('N', 'N') ]

-- The reverse complement of the sequence lines in s (newlines skipped),
-- 60 bases a line, each line ending in a newline.
revComp :: B.ByteString -> IO B.ByteString
revComp s = BU.unsafeUseAsCStringLen s $ \(cp, len) -> do
  let src = castPtr cp :: Ptr Word8
  BI.createAndTrim (len + len `quot` 60 + 2) $ \dst -> do
    let go :: Int -> Int -> Int -> IO Int
        go !i !o !col
          | i < 0 = finish o col
          | otherwise = do
              c <- peekByteOff src i :: IO Word8
              if c == 10
                then go (i - 1) o col
                else do
                  pokeByteOff dst o (unsafeAt complement (fromIntegral c))
                  if col == 59
                    then pokeByteOff dst (o + 1) (10 :: Word8) >> go (i - 1) (o + 2) 0
                    else go (i - 1) (o + 1) (col + 1)
        finish o col
          | col > 0 = pokeByteOff dst o (10 :: Word8) >> return (o + 1)
          | otherwise = return o
    go (len - 1) 0 0

-- records: header line (with its newline), then the sequence up to the next '>'
records :: B.ByteString -> [(B.ByteString, B.ByteString)]
records s
  | B.null s = []
  | otherwise =
      let (header, rest) = B.break (== '\n') s
          body = B.drop 1 rest
          (sq, next) = B.break (== '>') body
      in (header, sq) : records next

main :: IO ()
main = do
  hSetBinaryMode stdin True
  hSetBinaryMode stdout True
  input <- B.getContents
  let start = B.dropWhile (/= '>') input
  mapM_
    ( \(header, sq) -> do
        B.hPut stdout header
        BS.hPut stdout (BS.singleton 10)
        revComp sq >>= B.hPut stdout
    )
    (records start)
