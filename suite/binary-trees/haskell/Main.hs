-- binary-trees (joulebench suite, written from SPEC.md).
-- Rules relied on: single-threaded; every node (leaves included: a leaf is a
-- Node whose two children are Nil) is its own heap object allocated by GHC's
-- ordinary allocator and freed by its default garbage collector; no pools.
-- The fields are strict so each tree is built in full. -fno-cse and
-- -fno-full-laziness stop GHC from sharing the two identical subtrees of a
-- node or hoisting a tree out of the loop that builds n of them: either
-- would skip work the SPEC requires. Standard library only.
{-# LANGUAGE BangPatterns #-}
{-# OPTIONS_GHC -fno-cse -fno-full-laziness #-}
module Main (main) where

import System.Environment (getArgs)

data Tree = Nil | Node !Tree !Tree

make :: Int -> Tree
make d
  | d == 0 = Node Nil Nil
  | otherwise = Node (make (d - 1)) (make (d - 1))

check :: Tree -> Int
check (Node Nil _) = 1
check (Node l r) = 1 + check l + check r
check Nil = 0

-- build, check and drop n trees of depth d
sumChecks :: Int -> Int -> Int
sumChecks n d = go 0 0
  where
    go !i !acc
      | i == n = acc
      | otherwise = go (i + 1) (acc + check (make d))

main :: IO ()
main = do
  args <- getArgs
  let n = case args of
        (a : _) -> read a :: Int
        _ -> 10
      minD = 4
      maxD = max (minD + 2) n
      stretch = maxD + 1
  putStrLn ("stretch tree of depth " ++ show stretch ++ "\t check: " ++ show (check (make stretch)))
  let !long = make maxD
  mapM_
    ( \d -> do
        let iters = 2 ^ (maxD - d + minD) :: Int
        putStrLn (show iters ++ "\t trees of depth " ++ show d ++ "\t check: " ++ show (sumChecks iters d))
    )
    [minD, minD + 2 .. maxD]
  putStrLn ("long lived tree of depth " ++ show maxD ++ "\t check: " ++ show (check long))
