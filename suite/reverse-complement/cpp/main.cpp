// reverse-complement (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; stdin read whole into a std::string in
// large blocks; each record's sequence joined, then reversed and complemented
// through a 256-entry std::array table into an output std::string, 60
// characters a line, written with ostream::write. Standard library only.
// Speed: ~1.3-1.9x the Rust program's CPU time (quick size), nearly all of it
// system time: the input std::string grows by appending (each growth copies
// and faults in fresh pages) and the output is a second full-size string.
// Not reworked in this pass.
#include <algorithm>
#include <array>
#include <cstddef>
#include <iostream>
#include <string>
#include <string_view>

namespace {

constexpr std::size_t LINE = 60;

std::array<char, 256> make_complement_table()
{
    std::array<char, 256> table{};
    for (int i = 0; i < 256; ++i)
        table[i] = static_cast<char>(i);
    constexpr std::string_view from = "ACGTUMRWSYKVHDBN";
    constexpr std::string_view to = "TGCAAKYWSRMBDHVN";
    for (std::size_t i = 0; i < from.size(); ++i) {
        table[static_cast<unsigned char>(from[i])] = to[i];
        table[static_cast<unsigned char>(from[i] - 'A' + 'a')] = to[i];
    }
    return table;
}

std::string read_all(std::istream &in)
{
    std::string data;
    char chunk[1 << 16];
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0)
        data.append(chunk, static_cast<std::size_t>(in.gcount()));
    return data;
}

// Append the reverse complement of seq to out, 60 characters a line.
void append_reverse_complement(std::string_view seq, const std::array<char, 256> &comp,
                               std::string &out)
{
    std::size_t left = seq.size();
    const std::size_t start = out.size();
    out.resize(start + left + (left + LINE - 1) / LINE);
    auto dst = out.begin() + static_cast<std::ptrdiff_t>(start);
    auto src = seq.rbegin();
    while (left > 0) {
        const std::size_t len = left < LINE ? left : LINE;
        dst = std::transform(src, src + static_cast<std::ptrdiff_t>(len), dst,
                             [&comp](char c) { return comp[static_cast<unsigned char>(c)]; });
        src += static_cast<std::ptrdiff_t>(len);
        *dst++ = '\n';
        left -= len;
    }
}

} // namespace

int main()
{
    std::ios::sync_with_stdio(false);
    const std::array<char, 256> comp = make_complement_table();
    std::string data = read_all(std::cin);
    std::string out;
    out.reserve(data.size() + data.size() / LINE + 2);

    std::size_t pos = 0;
    while (pos < data.size()) {
        // header line (or stray text before the first header): copied through
        std::size_t end = data.find('\n', pos);
        if (end == std::string::npos)
            end = data.size();
        out.append(data, pos, end - pos);
        out.push_back('\n');
        pos = end + 1;

        // join the sequence lines in place, up to the next header
        const std::size_t start = pos;
        std::size_t n = 0;
        while (pos < data.size() && data[pos] != '>') {
            end = data.find('\n', pos);
            if (end == std::string::npos)
                end = data.size();
            std::size_t line_len = end - pos;
            if (line_len > 0 && data[end - 1] == '\r')
                --line_len;
            // moves text towards the front: std::copy is safe for this overlap
            std::copy(data.begin() + static_cast<std::ptrdiff_t>(pos),
                      data.begin() + static_cast<std::ptrdiff_t>(pos + line_len),
                      data.begin() + static_cast<std::ptrdiff_t>(start + n));
            n += line_len;
            pos = end + 1;
        }
        append_reverse_complement(std::string_view(data).substr(start, n), comp, out);
    }

    std::cout.write(out.data(), static_cast<std::streamsize>(out.size()));
    return 0;
}
