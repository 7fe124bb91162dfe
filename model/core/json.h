// A strict JSON reader for design files. QJsonDocument allocates a tree of
// reference-counted values and reports errors by byte offset; designs of a
// hundred thousand components need to load in well under a second, and every
// syntax error must name its line and column. This parser keeps one flat
// array of nodes that point into the source bytes, decodes strings only when
// asked, and reports errors with line and column (in characters).
#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QLatin1StringView>
#include <QList>
#include <QString>

namespace stackplan::json {

enum class Type : quint8 { Null, Bool, Number, String, Array, Object };

struct Node
{
    Type type = Type::Null;
    bool boolean = false;
    bool escaped = false;    // the string holds escapes: decode it
    bool keyEscaped = false; // the same for the member's key
    int first = -1;          // first child (arrays, objects)
    int next = -1;           // next sibling in the parent
    int count = 0;           // children
    int offset = 0;          // strings: first byte after the quote; others: first byte
    int length = 0;          // strings: bytes between the quotes
    int keyOffset = 0;       // members of objects: the key, like offset/length
    int keyLength = 0;
    double number = 0;
};

struct SyntaxError
{
    int line = 0;   // 1-based
    int column = 0; // 1-based, in characters
    QString message;
};

class Document
{
public:
    // Parses bytes; on failure returns false and error() says where and why.
    // Nesting deeper than maxDepth is an error, so no input exhausts the stack.
    bool parse(const QByteArray &bytes, int maxDepth = 256);
    const SyntaxError &error() const { return m_error; }

    int root() const { return m_nodes.isEmpty() ? -1 : 0; }
    const Node &node(int index) const { return m_nodes[index]; }
    Type type(int index) const { return m_nodes[index].type; }

    QString string(int index) const;
    QString key(int index) const;
    bool keyIs(int index, QLatin1StringView key) const;
    // The member of an object with that key, or -1.
    int member(int object, QLatin1StringView key) const;
    // Children of an array or object, in order.
    template<typename F>
    void forEachChild(int parent, F f) const
    {
        for (int c = m_nodes[parent].first; c >= 0; c = m_nodes[c].next)
            f(c);
    }
    QJsonValue toJsonValue(int index) const;

    // The text of a string of length bytes at data + offset, escapes decoded
    // when escaped (the parser has checked them).
    static QString unescape(const char *data, int offset, int length, bool escaped);

private:
    QByteArray m_bytes;
    QList<Node> m_nodes;
    SyntaxError m_error;
};

} // namespace stackplan::json
