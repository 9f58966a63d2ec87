// regex-redux (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; regular expressions from PCRE2 (8-bit
// library, C API wrapped in a small RAII class, patterns JIT-compiled), the
// library the SPEC names for C++; stdin read whole into a std::string;
// each replacement builds a new std::string in one pass.
// Speed: ~1.5x the Rust program's CPU time (quick size): most of it is PCRE2's
// JIT scanning for the alternations, which the regex crate prefilters with
// SIMD (see ../c/main.c); PCRE2 is the library the SPEC names.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace {

struct MatchDataDeleter {
    void operator()(pcre2_match_data *md) const { pcre2_match_data_free(md); }
};
using MatchData = std::unique_ptr<pcre2_match_data, MatchDataDeleter>;

class Regex {
public:
    explicit Regex(std::string_view pattern)
    {
        int err = 0;
        PCRE2_SIZE err_off = 0;
        code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), 0,
                              &err, &err_off, nullptr);
        if (!code_) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(err, msg, sizeof msg);
            throw std::runtime_error(std::string(pattern) + ": " +
                                     reinterpret_cast<const char *>(msg));
        }
        // falls back to the interpreter if JIT is unavailable
        jit_ = pcre2_jit_compile(code_, PCRE2_JIT_COMPLETE) == 0;
        match_.reset(pcre2_match_data_create_from_pattern(code_, nullptr));
    }
    ~Regex() { pcre2_code_free(code_); }
    Regex(const Regex &) = delete;
    Regex &operator=(const Regex &) = delete;

    // Call f(begin, end) for every non-overlapping match in subject.
    template <typename F>
    void for_each_match(std::string_view subject, F &&f) const
    {
        const auto *data = reinterpret_cast<PCRE2_SPTR>(subject.data());
        PCRE2_SIZE offset = 0;
        while (offset <= subject.size()) {
            // pcre2_jit_match is the JIT's direct entry point (it skips
            // pcre2_match's per-call checks)
            const int rc =
                jit_ ? pcre2_jit_match(code_, data, subject.size(), offset, 0, match_.get(), nullptr)
                     : pcre2_match(code_, data, subject.size(), offset, 0, match_.get(), nullptr);
            if (rc < 0)
                break;
            const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(match_.get());
            f(ov[0], ov[1]);
            offset = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        }
    }

    long count(std::string_view subject) const
    {
        long n = 0;
        for_each_match(subject, [&n](std::size_t, std::size_t) { ++n; });
        return n;
    }

    std::string replace_all(std::string_view subject, std::string_view replacement) const
    {
        std::string out;
        out.reserve(subject.size());
        std::size_t copied = 0;
        for_each_match(subject, [&](std::size_t begin, std::size_t end) {
            out.append(subject, copied, begin - copied);
            out.append(replacement);
            copied = end;
        });
        out.append(subject, copied, std::string_view::npos);
        return out;
    }

private:
    pcre2_code *code_ = nullptr;
    bool jit_ = false;
    MatchData match_;
};

std::string read_all(std::istream &in)
{
    std::string data;
    char chunk[1 << 16];
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0)
        data.append(chunk, static_cast<std::size_t>(in.gcount()));
    return data;
}

} // namespace

int main()
{
    std::ios::sync_with_stdio(false);
    constexpr std::string_view variants[] = {
        "agggtaaa|tttaccct",         "[cgt]gggtaaa|tttaccc[acg]",
        "a[act]ggtaaa|tttacc[agt]t", "ag[act]gtaaa|tttac[agt]ct",
        "agg[act]taaa|ttta[agt]cct", "aggg[acg]aaa|ttt[cgt]ccct",
        "agggt[cgt]aa|tt[acg]accct", "agggta[cgt]a|t[acg]taccct",
        "agggtaa[cgt]|[acg]ttaccct",
    };
    constexpr std::pair<std::string_view, std::string_view> substitutions[] = {
        {"tHa[Nt]", "<4>"},
        {"aND|caN|Ha[DS]|WaS", "<3>"},
        {"a[NSt]|BY", "<2>"},
        {"<[^>]*>", "|"},
        {"\\|[^|][^|]*\\|", "-"},
    };

    std::string seq = read_all(std::cin);
    const std::size_t input_len = seq.size();

    seq = Regex(">.*\\n|\\n").replace_all(seq, "");
    const std::size_t clean_len = seq.size();

    for (std::string_view pattern : variants)
        std::cout << pattern << ' ' << Regex(pattern).count(seq) << '\n';

    for (const auto &[pattern, replacement] : substitutions)
        seq = Regex(pattern).replace_all(seq, replacement);

    std::cout << '\n' << input_len << '\n' << clean_len << '\n' << seq.size() << '\n';
    return 0;
}
