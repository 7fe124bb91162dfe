// What the bundle tests share: running a program with a time bound, and
// writing a throwaway self-signed certificate.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

struct ToolResult
{
    int exitCode = -1; // -1: did not start or timed out
    QByteArray output; // standard output and error, merged
};

// Runs program with args, feeding input on stdin; kills it after timeoutMs.
ToolResult runTool(const QString &program, const QStringList &args, int timeoutMs = 30000,
                   const QByteArray &input = {});

// A shell command inside a fresh network namespace with loopback up and
// non-local binds allowed, so checkers that bind (nginx -t) or need
// CAP_NET_ADMIN (nft -c) run without touching the machine's network.
ToolResult runInNetns(const QString &shellCommand, int timeoutMs = 30000);

// Writes DIR/cert.pem, DIR/key.pem and DIR/combined.pem (certificate then key,
// as HAProxy wants) for commonName; false when openssl failed.
bool makeCertificate(const QString &dir, const QString &commonName);

// Single-quoted for sh.
QString shellQuote(const QString &text);
