"""The "What am I looking at?" panel: the view on screen now, explained in plain words.

What it says depends on the run: 2-D points or images, the loss in use (its own paragraph first,
the others listed after), whether there is a collapse meter (and instance noise, which holds its
high-quality share down while it is wide), and slow motion (its phases move to
the top while it plays). The window builds a ``HelpContext`` from its state on every reset, loss
change and slow-motion toggle; the panel redraws only when that context changed.

Every sentence goes through QCoreApplication.translate("HelpPanel", …) spelled out, because lupdate
reads only literal calls (no alias, nothing inside an f-string); the HTML around the sentences is
ours, so translators see no markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDockWidget, QTextBrowser, QWidget

from ganstudio.engine.train.config import LOSSES
from ganstudio.engine.train.loss_kinds import outputs_are_probabilities
from ganstudio.ui.window.phase_strip import phase_texts, phase_titles


MIN_WIDTH = 300  # a readable column of text, even beside the settings in presentation mode


@dataclass(frozen=True)
class HelpContext:
    dataset: str
    is_2d: bool
    loss: str
    meter: str | None  # "modes", "classes", or None when this data has no collapse meter
    slow: bool
    noise: tuple[float, float, int] | None = None  # instance noise (σ, final σ, fade steps); None when off


def loss_texts() -> dict[str, str]:
    """What each loss makes D and G do, one paragraph each."""
    return {
        "minimax": QCoreApplication.translate(
            "HelpPanel", "The original game of Goodfellow et al. (2014): D is a real/fake classifier "
                         "trained with binary cross-entropy, and G minimises log(1 − D(G(z))), exactly "
                         "the opposite of D. Elegant, but when D easily rejects the fakes early on, that "
                         "term is flat and G's gradient vanishes: G can stall."),
        "nonsaturating": QCoreApplication.translate(
            "HelpPanel", "The same D as minimax, but G maximises log D(G(z)) instead. The equilibrium "
                         "is the same, and G gets strong gradients exactly when D is winning, which is "
                         "why practically every GAN uses it. The usual default."),
        "lsgan": QCoreApplication.translate(
            "HelpPanel", "Least squares (Mao et al. 2017): D's output is pulled toward 1 on real data "
                         "and 0 on fakes by a squared error, and G pulls its fakes toward 1. Fakes that "
                         "D already accepts but that lie far from the data still get a push, which "
                         "makes training steadier than cross-entropy."),
        "wgan": QCoreApplication.translate(
            "HelpPanel", "Wasserstein GAN (Arjovsky et al. 2017): D becomes a critic that gives real "
                         "data high scores and fakes low scores, with no sigmoid and no probability. "
                         "The gap between the two estimates how far apart the distributions are. The "
                         "critic's weights are clipped to keep it smooth, which is crude and can make "
                         "it weak."),
        "wgan-gp": QCoreApplication.translate(
            "HelpPanel", "WGAN with a gradient penalty (Gulrajani et al. 2017): instead of clipping, "
                         "the critic is penalised when its gradient norm on points between real and "
                         "fake data differs from 1. Its gradients do not vanish when it wins, so it "
                         "is one of the most reliable cures for mode collapse."),
        "hinge": QCoreApplication.translate(
            "HelpPanel", "Hinge loss (used with spectral norm in SAGAN and BigGAN): the critic only "
                         "cares about real scores below 1 and fake scores above −1, and stops pushing "
                         "samples it already separates by that margin. G raises the critic's score of "
                         "its fakes."),
    }


def _section(title: str, *paragraphs: str) -> str:
    return f"<h3>{title}</h3>" + "".join(f"<p>{p}</p>" for p in paragraphs)


def _items(pairs) -> str:
    return "<ul>" + "".join(f"<li><b>{name}</b> — {text}</li>" for name, text in pairs) + "</ul>"


def _players() -> str:
    return QCoreApplication.translate(
        "HelpPanel", "A GAN is a game between two networks. The generator G turns a random noise "
                     "vector z into a sample; the discriminator D looks at a sample and says how real "
                     "it seems. D learns to tell real data from G's fakes, G learns to fool D. Each "
                     "training step updates D, then G.")


def _intro(ctx: HelpContext) -> str:
    if ctx.is_2d:
        return QCoreApplication.translate(
            "HelpPanel", "A GAN is learning the 2-D point set {0} with the {1} loss.").format(
            f"<b>{ctx.dataset}</b>", f"<b>{ctx.loss}</b>")
    return QCoreApplication.translate(
        "HelpPanel", "A GAN is learning the images of {0} with the {1} loss.").format(
        f"<b>{ctx.dataset}</b>", f"<b>{ctx.loss}</b>")


def _plots(ctx: HelpContext) -> str:
    if outputs_are_probabilities(ctx.loss):
        health = QCoreApplication.translate(
            "HelpPanel", "D(x) is D's average output on a batch of real samples: the probability it gives them "
                         "of being real. D(G(z)) is the same for a batch of G's fakes.")
        why = QCoreApplication.translate(
            "HelpPanel", "Why 0.5? For a fixed G, the best D outputs p_data(x) / (p_data(x) + p_G(x)). Once "
                         "G's samples are spread exactly like the real data the two densities are equal, so "
                         "that ratio is ½ everywhere: D cannot tell real from fake and can only guess. D(x) "
                         "and D(G(z)) both drifting toward the dashed 0.5 line is what success looks like. D's "
                         "loss is then 2 ln 2 ≈ 1.39 and G's ln 2 ≈ 0.69 (non-saturating) or −ln 2 (minimax): "
                         "the dashed lines on the loss plot.")
    else:
        health = QCoreApplication.translate(
            "HelpPanel", "With this loss D outputs a raw score, not a probability: the middle plot shows its "
                         "mean score on real samples, D(x), and on G's fakes, D(G(z)). There is no 0.5 line; "
                         "watch the gap between the two curves shrink as G gets closer to the data.")
        why = QCoreApplication.translate(
            "HelpPanel", "Why do the other losses talk about 0.5? With cross-entropy, the best D outputs "
                         "p_data / (p_data + p_G), which is ½ everywhere once G matches the data: D can only "
                         "guess. Switch the loss to minimax or non-saturating to see the curves meet at 0.5.")
    items = _items((
        (QCoreApplication.translate("HelpPanel", "Loss"), QCoreApplication.translate(
            "HelpPanel", "D's and G's loss at every step. They fight, so one going down usually pushes the "
                         "other up; a steady see-saw is normal, a loss running away is not.")),
        ("D(x), D(G(z))", health),
        (QCoreApplication.translate("HelpPanel", "Gradient norm"), QCoreApplication.translate(
            "HelpPanel", "How big each network's update is. Spikes mean instability; G's gradient near "
                         "zero means D wins so clearly that G stops learning.")),
    ))
    title = QCoreApplication.translate("HelpPanel", "The plots on the left")
    return f"<h3>{title}</h3>{items}<p>{why}</p>"


def _losses(ctx: HelpContext) -> str:
    texts = loss_texts()
    title = QCoreApplication.translate("HelpPanel", "The loss in use: {0}").format(ctx.loss)
    current = _section(title, texts.get(ctx.loss, ""))
    others = _items((name, texts[name]) for name in LOSSES if name != ctx.loss)
    lead = QCoreApplication.translate("HelpPanel", "The other losses (change them live in Settings ▸ Loss):")
    return f"{current}<p><i>{lead}</i></p>{others}"


def _samples(ctx: HelpContext) -> str:
    if not ctx.is_2d:
        return _section(
            QCoreApplication.translate("HelpPanel", "The sample grids"),
            QCoreApplication.translate(
                "HelpPanel", "Top: what G makes from 64 fixed noise vectors. The noise never changes, so each cell "
                             "is the same z every frame and you watch one sample sharpen from blur into a digit. "
                             "Bottom: real training images to compare with."))
    layers = _items((
        (QCoreApplication.translate("HelpPanel", "Real and generated points"),
         QCoreApplication.translate(
             "HelpPanel", "blue dots are training data, orange dots are G's output for a fixed noise batch "
                          "(each dot is the same z every frame, so you can follow it).")),
        (QCoreApplication.translate("HelpPanel", "Heatmap"),
         QCoreApplication.translate(
             "HelpPanel", "D's verdict at every point of the plane: blue where it says real, orange where it "
                          "says generated, white where it cannot tell.")),
        (QCoreApplication.translate("HelpPanel", "Dashed contour"),
         QCoreApplication.translate(
             "HelpPanel", "D's decision boundary, the line where its output is 0.5 (for a critic, the middle of "
                          "its score range): the fakes on the orange side are being caught.")),
        (QCoreApplication.translate("HelpPanel", "Gradients"),
         QCoreApplication.translate(
             "HelpPanel", "arrows on the generated points: where G's loss pushes each one, i.e. the direction "
                          "the next G update will try to move it, up the heatmap toward 'real'.")),
        (QCoreApplication.translate("HelpPanel", "Manifold"),
         QCoreApplication.translate(
             "HelpPanel", "a grid drawn in noise space and bent through G: how G stretches and folds the noise "
                          "to put points where the data is. Where grid lines crowd together, G squeezes a lot "
                          "of noise into a small area.")),
        (QCoreApplication.translate("HelpPanel", "Noise"),
         QCoreApplication.translate(
             "HelpPanel", "the small view at the bottom: the fixed noise batch and the grid before G, what G "
                          "starts from.")),
        (QCoreApplication.translate("HelpPanel", "KL / JS"),
         QCoreApplication.translate(
             "HelpPanel", "divergences between the histograms of real and generated points over the steps: both "
                          "fall toward 0 as the two distributions match. KL grows especially when G misses "
                          "regions where real data lies.")),
    ))
    title = QCoreApplication.translate("HelpPanel", "The 2-D lab view")
    hint = QCoreApplication.translate(
        "HelpPanel", "Switch the layers on and off with the boxes above the canvas.")
    return f"<h3>{title}</h3>{layers}<p>{hint}</p>"


def _collapse(ctx: HelpContext) -> str:
    if ctx.is_2d:
        looks = QCoreApplication.translate(
            "HelpPanel", "Mode collapse is G giving up on diversity: instead of covering every cluster of blue "
                         "points, the orange points pile onto one or a few of them, often hopping from cluster "
                         "to cluster as D learns to reject each one. Try the ring8-collapse preset to see it.")
    else:
        looks = QCoreApplication.translate(
            "HelpPanel", "Mode collapse is G giving up on diversity: the grid fills with the same digit, or a "
                         "few near-identical images, whatever the noise.")
    if ctx.meter == "modes":
        meter = QCoreApplication.translate(
            "HelpPanel", "The meter under the plots counts the modes (clusters) G covers with high-quality "
                         "samples, the KL divergence of G's spread over them from an even spread (0 is "
                         "perfect), and the share of samples on each mode now.")
    elif ctx.meter == "classes":
        meter = QCoreApplication.translate(
            "HelpPanel", "The meter under the plots sorts 500 generated images with a small bundled digit "
                         "classifier: how many of the 10 classes G produces, the KL divergence from an even "
                         "spread over them, and the share of each class now.")
    else:
        meter = QCoreApplication.translate(
            "HelpPanel", "This data has no known modes, so there is no collapse meter: judge diversity by eye. "
                         "The meter works on ring8, grid25, gauss2, blobs3 and the bundled MNIST digits.")
    noise = [_noise_and_meter(*ctx.noise)] if ctx.meter == "modes" and ctx.noise is not None else []
    alarm = QCoreApplication.translate(
        "HelpPanel", "The alarm: when the KL divergence stays at or above ln 2 (G behaves as if it covered "
                     "half the modes or fewer), or a quarter of the modes it had are lost, for four readings in a "
                     "row, an amber banner says so and "
                     "every plot gets a marker at that step. Remedies to try are in Settings ▸ "
                     "Mode-collapse remedies.")
    return _section(QCoreApplication.translate("HelpPanel", "Mode collapse"), looks, meter, *noise, alarm)


def _noise_and_meter(sigma: float, final: float, steps: int) -> str:
    """Why the meter's high-quality share is low while instance noise is wide (ring8 starts at
    σ 0.7, 35 times its clusters' σ): G only has to land near a cluster to fool D."""
    text = QCoreApplication.translate(
        "HelpPanel", "Instance noise is on (Mode-collapse remedies): D judges every point through a blur of σ "
                     "{0}, so G's points need only land near a cluster, and the share of high-quality samples "
                     "(within 3σ of a cluster's centre) stays low while the blur is wide.").format(f"{sigma:g}")
    if steps > 0:
        text += "" if text.endswith("。") else " "  # Chinese sentences follow one another without a space
        text += QCoreApplication.translate(
            "HelpPanel", "It climbs as the blur fades to {0} by step {1}.").format(f"{final:g}", steps)
    return text


def _slow_motion(ctx: HelpContext) -> str:
    if ctx.slow:
        intro = QCoreApplication.translate(
            "HelpPanel", "Slow motion plays one training iteration as four phases, each on screen for the "
                         "seconds you choose, with the numbers it changed:")
    else:
        intro = QCoreApplication.translate(
            "HelpPanel", "Tick Slow motion in the run bar to play one training iteration as four phases, "
                         "each on screen for the seconds you choose:")
    titles, texts = phase_titles(), phase_texts()
    title = QCoreApplication.translate("HelpPanel", "Slow motion")
    return (f"<h3>{title}</h3><p>{intro}</p>"
            + "<ol>" + "".join(f"<li><b>{titles[n]}</b> — {texts[n]}</li>" for n in titles) + "</ol>")


def _keys() -> str:
    return _section(QCoreApplication.translate("HelpPanel", "Keys"), QCoreApplication.translate(
        "HelpPanel", "Space starts or pauses, S plays one step, R resets, F1 shows or hides this panel, "
                     "F5 switches presentation mode, F11 full screen. Help ▸ Keyboard shortcuts lists "
                     "them all."))


def explain(ctx: HelpContext) -> str:
    """The panel's HTML for this context."""
    title = QCoreApplication.translate("HelpPanel", "What am I looking at?")
    head = f"<h2>{title}</h2><p>{_intro(ctx)}</p><p>{_players()}</p>"
    body = [_plots(ctx), _losses(ctx), _samples(ctx), _collapse(ctx)]
    if ctx.slow:
        body.insert(0, _slow_motion(ctx))
    else:
        body.append(_slow_motion(ctx))
    return head + "".join(body) + _keys()


class HelpPanel(QDockWidget):
    """A dock that can stay open beside the plots while training runs."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("What am I looking at?"), parent)
        self.setObjectName("help")
        self.setMinimumWidth(MIN_WIDTH)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.setWidget(self.browser)
        self.context: HelpContext | None = None

    def show_context(self, ctx: HelpContext) -> None:
        if ctx != self.context:
            self.context = ctx
            self.browser.setHtml(explain(ctx))
