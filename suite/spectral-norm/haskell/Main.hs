-- spectral-norm (joulebench suite, written from SPEC.md).
-- Rules relied on: single-threaded; IEEE double (GHC's native code generator
-- emits no fused multiply-add), no fast-math; no hand-written SIMD. Standard
-- library only (base, array): vectors are unboxed arrays (UArray Int Double).
-- Decimals are printed from the exact binary value, rounded to nearest (ties
-- to even) as C's printf does.
{-# LANGUAGE BangPatterns #-}
module Main (main) where

import Data.Array.Base (unsafeAt)
import Data.Array.Unboxed (UArray, listArray)
import System.Environment (getArgs)

type Vec = UArray Int Double

-- A(i, j), 0-based; the integer part is exact, then one division in double.
evalA :: Int -> Int -> Double
evalA i j = let ij = i + j in 1.0 / fromIntegral (ij * (ij + 1) `quot` 2 + i + 1)
{-# INLINE evalA #-}

-- A x
mulAv :: Int -> Vec -> Vec
mulAv n x = listArray (0, n - 1) [row i | i <- [0 .. n - 1]]
  where
    row i = go 0 0.0
      where
        go !j !s
          | j == n = s
          | otherwise = go (j + 1) (s + evalA i j * unsafeAt x j)

-- At x
mulAtv :: Int -> Vec -> Vec
mulAtv n x = listArray (0, n - 1) [row i | i <- [0 .. n - 1]]
  where
    row i = go 0 0.0
      where
        go !j !s
          | j == n = s
          | otherwise = go (j + 1) (s + evalA j i * unsafeAt x j)

mulAtAv :: Int -> Vec -> Vec
mulAtAv n = mulAtv n . mulAv n

showFixed :: Int -> Double -> String
showFixed d x
  | x < 0 || isNegativeZero x = '-' : showFixed d (negate x)
  | otherwise =
      let r = round (toRational x * 10 ^ d) :: Integer
          s = show r
          s' = replicate (d + 1 - length s) '0' ++ s
          (ip, fp) = splitAt (length s' - d) s'
      in if d == 0 then ip else ip ++ "." ++ fp

main :: IO ()
main = do
  args <- getArgs
  let n = case args of
        (a : _) -> read a :: Int
        _ -> 100
      u0 = listArray (0, n - 1) (replicate n 1.0) :: Vec
      iter :: Int -> Vec -> (Vec, Vec)
      iter k u
        | k == 10 = error "unreachable"
        | otherwise =
            let v = mulAtAv n u
                u' = mulAtAv n v
            in if k == 9 then (u', v) else iter (k + 1) u'
      (u, v) = iter 0 u0
      dots !i !vbv !vv
        | i == n = (vbv, vv)
        | otherwise =
            let ui = unsafeAt u i; vi = unsafeAt v i
            in dots (i + 1) (vbv + ui * vi) (vv + vi * vi)
      (uv, vvs) = dots 0 0 0
  putStrLn (showFixed 9 (sqrt (uv / vvs)))
