// The designer's one selection, shared by the canvas, the outline, the
// inspector, the findings and the previews. Holds ids only; whoever changes it
// emits nothing if the ids are the same, so views can mirror it without loops.
#pragma once

#include <QObject>
#include <QStringList>

namespace stackplan {

class Selection : public QObject
{
    Q_OBJECT

public:
    explicit Selection(QObject *parent = nullptr)
        : QObject(parent)
    {}

    const QStringList &ids() const { return m_ids; }
    // The element the inspector and the previews show: the first selected.
    QString current() const { return m_ids.isEmpty() ? QString() : m_ids.front(); }
    bool contains(const QString &id) const { return m_ids.contains(id); }

    void setIds(const QStringList &ids);
    void clear() { setIds({}); }

signals:
    void changed();

private:
    QStringList m_ids;
};

} // namespace stackplan
