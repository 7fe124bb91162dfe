#include "mutator.h"

#include <QFile>

namespace stackplan::fuzz {

QList<QByteArray> readDictionary(const QString &path)
{
    QList<QByteArray> tokens;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return tokens;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype open = line.indexOf('"');
        if (open < 0 || !line.endsWith('"') || line.size() - open < 2)
            continue;
        const QByteArray body = line.mid(open + 1, line.size() - open - 2);
        QByteArray token;
        for (qsizetype i = 0; i < body.size(); ++i) {
            if (body[i] != '\\' || i + 1 >= body.size()) {
                token += body[i];
                continue;
            }
            const char e = body[++i];
            if (e == 'x' && i + 2 < body.size()) {
                token += char(body.mid(i + 1, 2).toInt(nullptr, 16));
                i += 2;
            } else {
                token += e;
            }
        }
        tokens.append(token);
    }
    return tokens;
}

Mutator::Mutator(quint64 seed, QList<QByteArray> dictionary, QList<QByteArray> corpus)
    : m_random(seed)
    , m_dictionary(std::move(dictionary))
    , m_corpus(std::move(corpus))
{
    if (m_dictionary.isEmpty())
        m_dictionary.append(QByteArrayLiteral("\"\""));
    if (m_corpus.isEmpty())
        m_corpus.append(QByteArrayLiteral("{}"));
}

qsizetype Mutator::below(qsizetype n)
{
    if (n <= 0)
        return 0;
    return qsizetype(m_random() % quint64(n));
}

QByteArray Mutator::token()
{
    return m_dictionary.at(below(m_dictionary.size()));
}

QByteArray Mutator::next()
{
    QByteArray data = m_corpus.at(below(m_corpus.size()));
    const qsizetype edits = 1 + below(4);
    for (qsizetype i = 0; i < edits; ++i)
        edit(data);
    return data;
}

void Mutator::edit(QByteArray &data)
{
    static const char interesting[] = {0,   '\x7f', '\xff', '"',  '{',    '}',    '[',    ']',
                                       ',', ':',    '\\',   '\n', '\x80', '\xc3', '\xed', '-'};
    const qsizetype size = data.size();
    switch (below(10)) {
    case 0: // flip a bit
        if (size > 0)
            data[below(size)] ^= char(1 << below(8));
        break;
    case 1: // an interesting byte
        if (size > 0)
            data[below(size)] = interesting[below(sizeof interesting)];
        break;
    case 2: // delete a range
        if (size > 0) {
            const qsizetype at = below(size);
            data.remove(at, 1 + below(qMin<qsizetype>(size - at, 64)));
        }
        break;
    case 3: { // copy a range somewhere else
        if (size == 0)
            break;
        const qsizetype at = below(size);
        const QByteArray chunk = data.mid(at, 1 + below(qMin<qsizetype>(size - at, 256)));
        data.insert(below(size + 1), chunk);
        break;
    }
    case 4: // insert a token
        data.insert(below(size + 1), token());
        break;
    case 5: { // replace the value after a ':' with a token
        const qsizetype colon = data.indexOf(':', below(size + 1));
        if (colon < 0)
            break;
        qsizetype end = colon + 1;
        while (end < size && data[end] == ' ')
            ++end;
        if (end < size && data[end] == '"') {
            const qsizetype close = data.indexOf('"', end + 1);
            end = close < 0 ? size : close + 1;
        } else {
            while (end < size && data[end] != ',' && data[end] != '}' && data[end] != ']')
                ++end;
        }
        data.replace(colon + 1, end - colon - 1, QByteArray(" ") + token());
        break;
    }
    case 6: { // duplicate a line: duplicate ids, repeated elements
        const QList<QByteArray> lines = data.split('\n');
        const qsizetype i = below(lines.size());
        QList<QByteArray> out = lines;
        out.insert(i, lines.at(i));
        data = out.join('\n');
        break;
    }
    case 7: { // delete a line: dangling references, missing elements
        QList<QByteArray> lines = data.split('\n');
        lines.removeAt(below(lines.size()));
        data = lines.join('\n');
        break;
    }
    case 8: { // swap two lines
        QList<QByteArray> lines = data.split('\n');
        if (lines.size() > 1)
            lines.swapItemsAt(below(lines.size()), below(lines.size()));
        data = lines.join('\n');
        break;
    }
    default: { // splice with another corpus entry
        const QByteArray &other = m_corpus.at(below(m_corpus.size()));
        data = data.left(below(size + 1)) + other.mid(below(other.size() + 1));
        break;
    }
    }
}

} // namespace stackplan::fuzz
