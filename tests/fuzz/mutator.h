// A small mutator for the replay test: byte-level edits, tokens from the
// libFuzzer dictionary, and line-level edits that keep the one-element-per-line
// canonical form mostly valid JSON, so mutants reach past the JSON parser.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <random>

namespace stackplan::fuzz {

// Reads a libFuzzer dictionary ("token" or name="token" lines, with \" \\ \xNN).
QList<QByteArray> readDictionary(const QString &path);

class Mutator
{
public:
    Mutator(quint64 seed, QList<QByteArray> dictionary, QList<QByteArray> corpus);

    // A new input: one corpus entry with one to four edits stacked.
    QByteArray next();

private:
    void edit(QByteArray &data);
    qsizetype below(qsizetype n); // uniform in [0, n), 0 when n <= 0
    QByteArray token();

    std::mt19937_64 m_random;
    QList<QByteArray> m_dictionary;
    QList<QByteArray> m_corpus;
};

} // namespace stackplan::fuzz
