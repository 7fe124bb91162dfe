// The grammars of the design's fields. One set, shared by the loader, the
// inspector's feedback and the generators: a value reaches a configuration
// file only after its field's grammar accepted it.
#pragma once

#include <QString>

namespace stackplan {

enum class Grammar {
    Text,            // free text shown on the canvas (labels, names); no control characters
    Id,              // ^[a-z][a-z0-9-]{0,62}$
    Hostname,        // RFC 1123 host name
    Domain,          // DNS name served (RFC 1123 labels, at most 253 characters)
    Address,         // IPv4 dotted quad or IPv6, no zone index
    Port,            // 1..65535
    Path,            // absolute file-system path of safe characters
    CertificatePath, // absolute path of a PEM file
    HealthPath,      // absolute URL path, optional simple query
    Zone,            // failure domain name
};

// The grammar's name as shown in messages ("hostname", "IPv4 or IPv6 address").
QString grammarName(Grammar grammar);

// True when value belongs to the grammar. On failure, *reason (when given)
// says what is wrong in a few words, for messages and the inspector.
bool matchesGrammar(Grammar grammar, const QString &value, QString *reason = nullptr);

// Limits of the file format.
inline constexpr int MaxIdLength = 63;
inline constexpr int MaxNameLength = 63;
inline constexpr int MaxTextLength = 4096;
inline constexpr qint64 MaxFileSize = 64LL * 1024 * 1024;
inline constexpr int MaxElements = 1000000;

} // namespace stackplan
