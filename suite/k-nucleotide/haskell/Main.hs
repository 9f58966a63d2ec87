-- k-nucleotide (joulebench suite, written from SPEC.md).
-- Rules relied on: single-threaded; standard library only (base, array,
-- bytestring). GHC's standard library has no hash map, so, as the C program
-- does, this one carries its own small open-addressing hash table (linear
-- probing, power-of-two capacity, grown at half load) on unboxed mutable
-- arrays, keyed by the k-mer packed 2 bits a base into an Int (k <= 31).
-- stdin is read whole as a strict ByteString, scanned through its pointer. Percentages are printed from
-- the exact binary value, rounded to nearest (ties to even) as C's printf.
{-# LANGUAGE BangPatterns #-}
module Main (main) where

import Control.Monad (forM, forM_)
import Data.Array.Base (unsafeRead, unsafeWrite)
import Data.Array.IO (IOUArray, newArray)
import Data.Bits (shiftL, shiftR, (.&.), (.|.))
import qualified Data.ByteString.Char8 as B
import qualified Data.ByteString.Unsafe as BU
import Data.IORef (IORef, newIORef, readIORef, writeIORef)
import Data.List (sortBy)
import Data.Word (Word8)
import Foreign.Ptr (Ptr, castPtr)
import Foreign.Storable (peekByteOff)
import System.IO (hSetBinaryMode, stdin)

-- ---- open-addressing hash table: k-mer code -> count ----
-- Slot i holds its key at 2i and its count at 2i+1 (one cache line for
-- both); a slot is empty when its count is 0. The arrays sit behind an
-- IORef that changes only when the table grows.
data Slots = Slots !(IOUArray Int Int) !Int -- key/count pairs, mask

data Table = Table !(IORef Slots) !(IOUArray Int Int) -- slots, [size]

newSlots :: Int -> IO Slots
newSlots cap = do
  a <- newArray (0, 2 * cap - 1) 0
  return (Slots a (cap - 1))

newTable :: Int -> IO Table
newTable cap = do
  sl <- newSlots cap
  ref <- newIORef sl
  sz <- newArray (0, 0) 0
  return (Table ref sz)

slotOf :: Int -> Int -> Int
slotOf mask key =
  fromIntegral (((fromIntegral key :: Word) * 0x9E3779B97F4A7C15) `shiftR` 32) .&. mask
{-# INLINE slotOf #-}

-- add n to the count of key in these slots; True when the key was new
addSlots :: Slots -> Int -> Int -> IO Bool
addSlots (Slots a mask) key n = probe (slotOf mask key)
  where
    probe :: Int -> IO Bool
    probe !i = do
      c <- unsafeRead a (2 * i + 1)
      if c == 0
        then do
          unsafeWrite a (2 * i) key
          unsafeWrite a (2 * i + 1) n
          return True
        else do
          k <- unsafeRead a (2 * i)
          if k == key
            then unsafeWrite a (2 * i + 1) (c + n) >> return False
            else probe ((i + 1) .&. mask)

{-# INLINE addCount #-}
addCount :: Table -> Int -> Int -> IO ()
addCount (Table ref sz) key n = do
  sl@(Slots _ mask) <- readIORef ref
  new <- addSlots sl key n
  if new
    then do
      size <- unsafeRead sz 0
      unsafeWrite sz 0 (size + 1)
      if 2 * (size + 1) > mask + 1 then grow sl >>= writeIORef ref else return ()
    else return ()

grow :: Slots -> IO Slots
grow (Slots a mask) = do
  sl <- newSlots (2 * (mask + 1))
  let go :: Int -> IO ()
      go !i
        | i > mask = return ()
        | otherwise = do
            c <- unsafeRead a (2 * i + 1)
            if c == 0
              then go (i + 1)
              else do
                k <- unsafeRead a (2 * i)
                _ <- addSlots sl k c
                go (i + 1)
  go 0
  return sl

getCount :: Table -> Int -> IO Int
getCount (Table ref _) key = do
  Slots a mask <- readIORef ref
  let probe :: Int -> IO Int
      probe !i = do
        c <- unsafeRead a (2 * i + 1)
        if c == 0
          then return 0
          else do
            k <- unsafeRead a (2 * i)
            if k == key then return c else probe ((i + 1) .&. mask)
  probe (slotOf mask key)

entries :: Table -> IO [(Int, Int)]
entries (Table ref _) = do
  Slots a mask <- readIORef ref
  let go :: Int -> [(Int, Int)] -> IO [(Int, Int)]
      go !i acc
        | i < 0 = return acc
        | otherwise = do
            c <- unsafeRead a (2 * i + 1)
            if c == 0
              then go (i - 1) acc
              else do
                k <- unsafeRead a (2 * i)
                go (i - 1) ((k, c) : acc)
  go mask []

-- ---- k-mers ----
code :: Word8 -> Int
code 65 = 0 -- A
code 67 = 1 -- C
code 71 = 2 -- G
code 84 = 3 -- T
code _ = 0
{-# INLINE code #-}

encode :: B.ByteString -> Int
encode = B.foldl' (\acc c -> (acc `shiftL` 2) .|. code (fromIntegral (fromEnum c))) 0

decode :: Int -> Int -> String
decode k c = [ "ACGT" !! ((c `shiftR` (2 * (k - 1 - i))) .&. 3) | i <- [0 .. k - 1] ]

-- counts of every k-length substring of s (read through a raw pointer:
-- one pass, no per-byte boxing)
countKmers :: B.ByteString -> Int -> IO Table
countKmers s k = do
  t0 <- newTable 64
  let len = B.length s
      mask = (1 `shiftL` (2 * k)) - 1
  BU.unsafeUseAsCString s $ \cp -> do
    let p = castPtr cp :: Ptr Word8
        go :: Int -> Int -> IO ()
        go !i !acc
          | i == len = return ()
          | otherwise = do
              b <- peekByteOff p i
              let acc' = ((acc `shiftL` 2) .|. code b) .&. mask
              if i >= k - 1 then addCount t0 acc' 1 else return ()
              go (i + 1) acc'
    go 0 0
  return t0

showFixed :: Int -> Double -> String
showFixed d x
  | x < 0 || isNegativeZero x = '-' : showFixed d (negate x)
  | otherwise =
      let r = round (toRational x * 10 ^ d) :: Integer
          s = show r
          s' = replicate (d + 1 - length s) '0' ++ s
          (ip, fp) = splitAt (length s' - d) s'
      in if d == 0 then ip else ip ++ "." ++ fp

-- the joined, upper-cased sequence of the record whose header starts with >THREE
readThree :: B.ByteString -> B.ByteString
readThree input =
  let ls = B.lines input
      rest = drop 1 (dropWhile (not . B.isPrefixOf (B.pack ">THREE")) ls)
      body = takeWhile (\l -> B.null l || B.head l /= '>') rest
  in B.map upper (B.concat body)
  where
    upper c = if c >= 'a' && c <= 'z' then toEnum (fromEnum c - 32) else c

main :: IO ()
main = do
  hSetBinaryMode stdin True
  s <- readThree <$> B.getContents
  let len = B.length s
  out1 <- forM [1, 2] $ \k -> do
    t <- countKmers s k
    es <- entries t
    let total = fromIntegral (if len >= k then len - k + 1 else 0) :: Double
        sorted = sortBy (\(ka, ca) (kb, cb) -> compare cb ca <> compare (decode k ka) (decode k kb)) es
    return
      ( concat [ decode k kc ++ " " ++ showFixed 3 (100.0 * fromIntegral c / total) ++ "\n"
               | (kc, c) <- sorted ]
          ++ "\n" )
  putStr (concat out1)
  forM_ ["GGT", "GGTA", "GGTATT", "GGTATTTTAATT", "GGTATTTTAATTTATAGT"] $ \kmer -> do
    let k = length kmer
    t <- countKmers s k
    c <- getCount t (encode (B.pack kmer))
    putStr (show c ++ "\t" ++ kmer ++ "\n")
