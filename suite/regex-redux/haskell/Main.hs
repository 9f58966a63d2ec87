-- regex-redux (joulebench suite, written from SPEC.md).
-- Rules relied on: single-threaded; regular expressions via Text.Regex.PCRE
-- (the regex-pcre package, Debian's libghc-regex-pcre-dev, which binds the
-- PCRE library; no JIT) on strict ByteStrings; stdin read whole. regex-pcre
-- has no substitution function, so a replacement streams the pieces between
-- the matches (found one at a time with matchOnce) through a Builder.
module Main (main) where

import Data.Array ((!))
import qualified Data.ByteString.Builder as BB
import qualified Data.ByteString.Lazy as BL
import qualified Data.ByteString.Char8 as B
import System.IO (hSetBinaryMode, stdin)
import Text.Regex.Base (makeRegex, matchCount, matchOnce)
import Text.Regex.PCRE.ByteString (Regex)

variants :: [String]
variants =
  [ "agggtaaa|tttaccct"
  , "[cgt]gggtaaa|tttaccc[acg]"
  , "a[act]ggtaaa|tttacc[agt]t"
  , "ag[act]gtaaa|tttac[agt]ct"
  , "agg[act]taaa|ttta[agt]cct"
  , "aggg[acg]aaa|ttt[cgt]ccct"
  , "agggt[cgt]aa|tt[acg]accct"
  , "agggta[cgt]a|t[acg]taccct"
  , "agggtaa[cgt]|[acg]ttaccct"
  ]

substs :: [(String, String)]
substs =
  [ ("tHa[Nt]", "<4>")
  , ("aND|caN|Ha[DS]|WaS", "<3>")
  , ("a[NSt]|BY", "<2>")
  , ("<[^>]*>", "|")
  , ("\\|[^|][^|]*\\|", "-")
  ]

regex :: String -> Regex
regex = makeRegex . B.pack

-- every non-overlapping match of the pattern replaced by the text: the
-- matches are found one at a time (matchOnce from the end of the last one)
-- and the pieces are produced lazily into a Builder, which copies them into
-- its output chunks as they come: no list of all the matches is ever held
replaceAll :: String -> B.ByteString -> B.ByteString -> B.ByteString
replaceAll pat rep s = BL.toStrict (BB.toLazyByteString (go 0))
  where
    re = regex pat
    go pos =
      let rest = B.drop pos s
      in case matchOnce re rest of
           Nothing -> BB.byteString rest
           Just m ->
             let (off, len) = m ! 0
             in BB.byteString (B.take off rest) <> BB.byteString rep
                  <> if len == 0 -- an empty match: step one byte past it
                       then BB.byteString (B.take 1 (B.drop off rest)) <> go (pos + off + 1)
                       else go (pos + off + len)

main :: IO ()
main = do
  hSetBinaryMode stdin True
  input <- B.getContents
  let seq' = replaceAll ">.*\n|\n" B.empty input
  mapM_
    (\p -> putStrLn (p ++ " " ++ show (matchCount (regex p) seq')))
    variants
  let final = foldl (\s (p, r) -> replaceAll p (B.pack r) s) seq' substs
  putStr
    ( "\n" ++ show (B.length input) ++ "\n" ++ show (B.length seq') ++ "\n"
        ++ show (B.length final) ++ "\n" )
