-- fannkuch-redux (joulebench suite, written from SPEC.md).
-- Rules relied on: single-threaded; the SPEC's permutation order and flip
-- counting; standard library only (base, array): perm1, count and the flip
-- buffer are unboxed mutable arrays (IOUArray Int Int).
{-# LANGUAGE BangPatterns #-}
module Main (main) where

import Data.Array.Base (unsafeRead, unsafeWrite)
import Data.Array.IO (IOUArray, newArray, newListArray)
import System.Environment (getArgs)

type Arr = IOUArray Int Int

-- reverse p[lo..hi] in place
reverseRange :: Arr -> Int -> Int -> IO ()
reverseRange p = go
  where
    go :: Int -> Int -> IO ()
    go !lo !hi
      | lo >= hi = return ()
      | otherwise = do
          a <- unsafeRead p lo
          b <- unsafeRead p hi
          unsafeWrite p lo b
          unsafeWrite p hi a
          go (lo + 1) (hi - 1)

-- flips of perm (destroys it)
countFlips :: Arr -> IO Int
countFlips p = go 0
  where
    go :: Int -> IO Int
    go !f = do
      k <- unsafeRead p 0
      if k == 0
        then return f
        else reverseRange p 0 k >> go (f + 1)

main :: IO ()
main = do
  args <- getArgs
  let n = case args of
        (a : _) -> read a :: Int
        _ -> 7
  perm1 <- newListArray (0, n - 1) [0 .. n - 1] :: IO Arr
  perm <- newArray (0, n - 1) 0 :: IO Arr
  count <- newArray (0, n - 1) 0 :: IO Arr
  let -- step 1
      fillCount :: Int -> IO Int
      fillCount !r
        | r == 1 = return r
        | otherwise = unsafeWrite count (r - 1) r >> fillCount (r - 1)
      copyPerm :: Int -> IO ()
      copyPerm !i
        | i == n = return ()
        | otherwise = unsafeRead perm1 i >>= unsafeWrite perm i >> copyPerm (i + 1)
      shiftLeft :: Int -> Int -> IO ()
      shiftLeft !i !r
        | i == r = return ()
        | otherwise = unsafeRead perm1 (i + 1) >>= unsafeWrite perm1 i >> shiftLeft (i + 1) r
      -- step 3: Nothing when all permutations are done, else the new r
      next :: Int -> IO (Maybe Int)
      next !r
        | r == n = return Nothing
        | otherwise = do
            p0 <- unsafeRead perm1 0
            shiftLeft 0 r
            unsafeWrite perm1 r p0
            c <- unsafeRead count r
            unsafeWrite count r (c - 1)
            if c - 1 > 0 then return (Just r) else next (r + 1)
      loop !r0 !idx !maxF !checksum = do
        r <- fillCount r0
        copyPerm 0
        f <- countFlips perm
        let maxF' = max maxF f
            checksum' = if even idx then checksum + f else checksum - f
        nr <- next r
        case nr of
          Nothing -> return (checksum', maxF')
          Just r' -> loop r' (idx + 1) maxF' checksum'
  (checksum, maxFlips) <- loop n (0 :: Int) 0 0
  putStr (show checksum ++ "\nPfannkuchen(" ++ show n ++ ") = " ++ show maxFlips ++ "\n")
