// fasta (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; the SPEC's linear congruential generator
// (seed 42, one generator shared by both random records); cumulative
// probabilities summed in double; output gathered in a std::string block and
// written with ostream::write. Standard library only.
#include <array>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

constexpr std::size_t LINE = 60;
constexpr std::size_t FLUSH_AT = 1 << 16;

constexpr std::string_view ALU =
    "GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGGGAGGCCGAGGCGGGCGGATCACCTGAGGTC"
    "AGGAGTTCGAGACCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAATACAAAAATTAGCCGGG"
    "CGTGGTGGCGCGCGCCTGTAATCCCAGCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGGAGG"
    "CGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCCAGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA";

// Output gathered in a string and written in large blocks.
class Output {
public:
    Output() { buf_.reserve(FLUSH_AT + LINE + 1); }
    ~Output() { flush(); }
    void append(std::string_view s)
    {
        buf_.append(s);
        if (buf_.size() >= FLUSH_AT)
            flush();
    }
    void push(char c) { buf_.push_back(c); }
    void flush()
    {
        std::cout.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
        buf_.clear();
    }

private:
    std::string buf_;
};

class Random {
public:
    double next()
    {
        seed_ = (seed_ * IA + IC) % IM;
        return static_cast<double>(seed_) / static_cast<double>(IM);
    }

private:
    static constexpr std::uint32_t IM = 139968, IA = 3877, IC = 29573;
    std::uint32_t seed_ = 42;
};

void repeat_fasta(Output &out, std::string_view header, std::string_view src, long n)
{
    // src twice, so that any 60-character window is contiguous
    const std::string twice = std::string(src) + std::string(src);
    out.append(header);
    std::size_t pos = 0;
    while (n > 0) {
        const std::size_t len = n < static_cast<long>(LINE) ? static_cast<std::size_t>(n) : LINE;
        out.append(std::string_view(twice).substr(pos, len));
        out.push('\n');
        pos += len;
        if (pos >= src.size())
            pos -= src.size();
        n -= static_cast<long>(len);
    }
}

void random_fasta(Output &out, Random &rng, std::string_view header,
                  const std::vector<std::pair<char, double>> &table, long n)
{
    // cumulative probabilities, added in table order (at most 16 symbols)
    std::array<double, 16> cum{};
    std::array<char, 16> chars{};
    if (table.empty() || table.size() > cum.size())
        std::abort();
    const std::size_t last = table.size() - 1;
    double acc = 0.0;
    for (std::size_t i = 0; i <= last; ++i) {
        acc += table[i].second;
        cum[i] = acc;
        chars[i] = table[i].first;
    }

    out.append(header);
    char line[LINE + 1];
    while (n > 0) {
        const std::size_t len = n < static_cast<long>(LINE) ? static_cast<std::size_t>(n) : LINE;
        for (std::size_t i = 0; i < len; ++i) {
            const double r = rng.next();
            std::size_t k = 0;
            while (k < last && !(cum[k] > r))
                ++k;
            line[i] = chars[k];
        }
        line[len] = '\n';
        out.append(std::string_view(line, len + 1));
        n -= static_cast<long>(len);
    }
}

} // namespace

int main(int argc, char **argv)
{
    std::ios::sync_with_stdio(false);
    const long n = argc > 1 ? std::atol(argv[1]) : 1000;

    const std::vector<std::pair<char, double>> iub = {
        {'a', 0.27}, {'c', 0.12}, {'g', 0.12}, {'t', 0.27}, {'B', 0.02},
        {'D', 0.02}, {'H', 0.02}, {'K', 0.02}, {'M', 0.02}, {'N', 0.02},
        {'R', 0.02}, {'S', 0.02}, {'V', 0.02}, {'W', 0.02}, {'Y', 0.02},
    };
    const std::vector<std::pair<char, double>> homo_sapiens = {
        {'a', 0.3029549426680},
        {'c', 0.1979883004921},
        {'g', 0.1975473066391},
        {'t', 0.3015094502008},
    };

    Output out;
    Random rng;
    repeat_fasta(out, ">ONE Homo sapiens alu\n", ALU, 2 * n);
    random_fasta(out, rng, ">TWO IUB ambiguity codes\n", iub, 3 * n);
    random_fasta(out, rng, ">THREE Homo sapiens frequency\n", homo_sapiens, 5 * n);
    return 0;
}
