// What the bundle's README needs to know about the files before it: their
// paths and a few facts read from their contents. Gathered as the files are
// made, so the bundle can be written one file at a time.
#pragma once

#include "generate/bundle.h"

namespace stackplan {

struct BundleFacts
{
    QStringList paths; // every configuration file's path, in the order noted
    bool haproxyTls = false;
    bool nginxTls = false;
    bool databaseTls = false;
    bool backendTls = false;

    void note(const GeneratedFile &file);
};

// README.md: what to copy where, in which order, how to check each host and
// every placeholder. The facts' paths are sorted here.
QByteArray bundleReadme(const Design &design, BundleFacts facts);
// findings.md: the rules' report.
QByteArray bundleFindings(const Design &design);

} // namespace stackplan
