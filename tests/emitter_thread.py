"""A QObject in its own QThread that emits one signal, built as the training worker is."""

from PySide6.QtCore import QObject, QThread, Signal


class Emitter(QObject):
    done = Signal(int)

    def __init__(self, delay_ms: int = 0):
        super().__init__()
        self.delay_ms = delay_ms
        self.thread = QThread()
        self.thread.setObjectName("emitter")
        self.moveToThread(self.thread)
        self.thread.started.connect(self.run)

    def run(self) -> None:
        QThread.msleep(self.delay_ms)
        self.done.emit(42)
        self.thread.quit()
