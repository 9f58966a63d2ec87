-- pidigits (joulebench suite, written from SPEC.md).
-- Rules relied on: single-threaded; the SPEC's step-by-step spigot with
-- arbitrary-precision integers from Haskell's built-in Integer (GHC's
-- ghc-bignum, backed by GMP); no extra library. Output built as one string.
{-# LANGUAGE BangPatterns #-}
module Main (main) where

import System.Environment (getArgs)

-- the first n digits of pi, in order
digits :: Int -> [Int]
digits n = go 0 1 1 0 0
  where
    go :: Integer -> Integer -> Integer -> Integer -> Int -> [Int]
    go !acc0 !den0 !num0 !k0 !i
      | i >= n = []
      | otherwise =
          let k = k0 + 1
              k2 = 2 * k + 1
              acc = (acc0 + 2 * num0) * k2
              den = den0 * k2
              num = num0 * k
          in if num > acc
               then go acc den num k i
               else
                 let d3 = (3 * num + acc) `quot` den
                     d4 = (4 * num + acc) `quot` den
                 in if d3 /= d4
                      then go acc den num k i
                      else fromInteger d3 : go ((acc - den * d3) * 10) den (num * 10) k (i + 1)

-- lines of 10 digits, "\t:COUNT"; the last one padded with spaces
layout :: Int -> [Int] -> String
layout n = go 0
  where
    go !count ds
      | null ds = []
      | otherwise =
          let (line, rest) = splitAt 10 ds
              count' = count + length line
              text = concatMap show line
          in text ++ replicate (10 - length line) ' ' ++ "\t:" ++ show count' ++ "\n"
               ++ go count' rest

main :: IO ()
main = do
  args <- getArgs
  let n = case args of
        (a : _) -> read a :: Int
        _ -> 30
  putStr (layout n (digits n))
