// File → New: the bundled designs with a picture of each, or an empty design.
#pragma once

#include "core/design.h"

#include <QDialog>
#include <QImage>

#include <functional>

class QLabel;
class QListWidget;

namespace stackplan {

class TemplateChooser : public QDialog
{
    Q_OBJECT

public:
    // How a design is pictured; set by the window once the canvas renderer
    // is available.
    using Renderer = std::function<QImage(const Design &design, const QSize &size)>;

    explicit TemplateChooser(Renderer renderer, QWidget *parent = nullptr);

    // The chosen template's name; empty for an empty design.
    QString chosenTemplate() const;
    void selectTemplate(const QString &name);
    QListWidget *list() const { return m_list; }

private:
    void showPreview();

    Renderer m_renderer;
    QListWidget *m_list;
    QLabel *m_picture;
    QLabel *m_description;
};

} // namespace stackplan
