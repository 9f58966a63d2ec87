// k-nucleotide (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; counts kept in std::unordered_map (the
// standard library's hash map, max load factor 0.5), keyed by the k-mer packed
// 2 bits a base into a std::uint64_t; stdin read line by line with
// std::getline (unsynchronised iostreams). Standard library only.
#include <algorithm>
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace {

using Counts = std::unordered_map<std::uint64_t, std::uint32_t>;

constexpr char BASES[4] = {'A', 'C', 'G', 'T'};

inline std::uint8_t code_of(char c)
{
    switch (c) {
    case 'A': return 0;
    case 'C': return 1;
    case 'G': return 2;
    default: return 3; // 'T'
    }
}

// The lines of the record whose header starts with ">THREE", joined,
// upper-cased and coded 0..3.
std::vector<std::uint8_t> read_three()
{
    std::vector<std::uint8_t> seq;
    std::string line;
    while (std::getline(std::cin, line))
        if (line.compare(0, 6, ">THREE") == 0)
            break;
    while (std::getline(std::cin, line)) {
        if (!line.empty() && line[0] == '>')
            break;
        for (char c : line) {
            if (c == '\r')
                continue;
            if (c >= 'a' && c <= 'z')
                c = static_cast<char>(c - 'a' + 'A');
            seq.push_back(code_of(c));
        }
    }
    return seq;
}

Counts count_kmers(const std::vector<std::uint8_t> &seq, std::size_t k)
{
    Counts counts;
    // Half-full buckets keep the chains short; every lookup walks one.
    counts.max_load_factor(0.5);
    if (seq.size() < k)
        return counts;
    const std::uint64_t mask = k >= 32 ? ~std::uint64_t{0} : (std::uint64_t{1} << (2 * k)) - 1;
    std::uint64_t key = 0;
    for (std::size_t i = 0; i + 1 < k; ++i)
        key = (key << 2) | seq[i];
    for (std::size_t i = k - 1; i < seq.size(); ++i) {
        key = ((key << 2) | seq[i]) & mask;
        ++counts[key];
    }
    return counts;
}

std::string decode(std::uint64_t key, std::size_t k)
{
    std::string s(k, 'A');
    for (std::size_t i = k; i-- > 0;) {
        s[i] = BASES[key & 3];
        key >>= 2;
    }
    return s;
}

void print_frequencies(const std::vector<std::uint8_t> &seq, std::size_t k)
{
    const Counts counts = count_kmers(seq, k);
    std::vector<std::pair<std::uint64_t, std::uint32_t>> items(counts.begin(), counts.end());
    // count descending, then k-mer ascending (the 2-bit code keeps k-mer order)
    std::sort(items.begin(), items.end(), [](const auto &a, const auto &b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    const double total = seq.size() >= k ? static_cast<double>(seq.size() - k + 1) : 0.0;
    std::cout << std::fixed << std::setprecision(3);
    for (const auto &[key, count] : items)
        std::cout << decode(key, k) << ' ' << 100.0 * count / total << '\n';
    std::cout << '\n';
}

void print_count(const std::vector<std::uint8_t> &seq, std::string_view kmer)
{
    const Counts counts = count_kmers(seq, kmer.size());
    std::uint64_t key = 0;
    for (char c : kmer)
        key = (key << 2) | code_of(c);
    const auto it = counts.find(key);
    std::cout << (it == counts.end() ? 0 : it->second) << '\t' << kmer << '\n';
}

} // namespace

int main()
{
    std::ios::sync_with_stdio(false);
    const std::vector<std::uint8_t> seq = read_three();

    print_frequencies(seq, 1);
    print_frequencies(seq, 2);
    for (std::string_view kmer :
         {"GGT", "GGTA", "GGTATT", "GGTATTTTAATT", "GGTATTTTAATTTATAGT"})
        print_count(seq, kmer);
    return 0;
}
