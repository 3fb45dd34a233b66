"""G and D builders: shapes, the seed model's size, and that each D remedy does what its paper says."""

import pytest
import torch
from torch import nn

from ganstudio.engine.train.config import DiscConfig, GenConfig, dcgan_sizes
from ganstudio.engine.nets import build_discriminator, build_generator, count_params
from ganstudio.engine.nets.remedies import MinibatchDiscrimination, MinibatchStdDev

SHAPES = [(2,), (1, 28, 28), (3, 28, 28), (1, 32, 32), (3, 32, 32), (1, 64, 64), (3, 64, 64)]


@pytest.fixture(autouse=True)
def _seed():
    torch.manual_seed(0)


def gen(kind="mlp", **kw):
    kw.setdefault("hidden", [32, 32])
    kw.setdefault("base_channels", 8)
    return GenConfig(kind=kind, noise_dim=kw.pop("noise_dim", 16), **kw)


def disc(kind="mlp", **kw):
    kw.setdefault("hidden", [32, 32])
    kw.setdefault("base_channels", 8)
    return DiscConfig(kind=kind, **kw)


def kinds_for(shape):
    return ["mlp"] if len(shape) == 1 else ["mlp", "dcgan"]


CASES = [(kind, shape) for shape in SHAPES for kind in kinds_for(shape)]


# ---------------------------------------------------------------- shapes


@pytest.mark.parametrize("kind,shape", CASES)
@pytest.mark.parametrize("batch_norm", [False, True])
def test_generator_shape_and_range(kind, shape, batch_norm):
    g = build_generator(gen(kind, batch_norm=batch_norm), shape)
    out = g(torch.randn(6, 16))
    assert out.shape == (6, *shape)
    if len(shape) == 3:
        assert out.abs().max() <= 1.0


def test_2d_generator_output_is_unbounded():
    g = build_generator(gen(), (2,))
    nn.init.constant_(g[-1].bias, 5.0)
    assert g(torch.randn(8, 16)).min() > 1.0


@pytest.mark.parametrize("kind,shape", CASES)
@pytest.mark.parametrize("pack", [1, 2, 3, 4])
def test_discriminator_shape(kind, shape, pack):
    d = build_discriminator(disc(kind, pack=pack, batch_norm=True), shape)
    assert d(torch.randn(12, *shape)).shape == (12 // pack,)


@pytest.mark.parametrize("kind,shape", [("mlp", (2,)), ("dcgan", (1, 28, 28))])
def test_pack_must_divide_batch(kind, shape):
    d = build_discriminator(disc(kind, pack=3), shape)
    with pytest.raises(ValueError, match="multiple of 3"):
        d(torch.randn(8, *shape))


@pytest.mark.parametrize("shape", [(1, 30, 30), (1, 28, 32), (1, 256, 256), (2,)])
def test_dcgan_rejects_unsupported_size(shape):
    allowed = ", ".join(map(str, dcgan_sizes()))
    assert allowed == "16, 28, 32, 56, 64, 112, 128"
    for build, cfg in ((build_generator, gen("dcgan")), (build_discriminator, disc("dcgan"))):
        with pytest.raises(ValueError, match=allowed):
            build(cfg, shape)


def test_unknown_kind_is_rejected():
    with pytest.raises(ValueError, match="mlp, dcgan"):
        build_generator(gen("resnet"), (2,))


# ---------------------------------------------------------------- sizes


def test_seed_article_mlp_param_counts():
    # G: 100*256+256 = 25,856; 256*512+512 = 131,584; 512*1024+1024 = 525,312;
    #    1024*784+784 = 803,600; total 1,486,352.
    g = build_generator(GenConfig(hidden=[256, 512, 1024], noise_dim=100), (1, 28, 28))
    assert count_params(g) == 1_486_352
    # D: 784*512+512 = 401,920; 512*256+256 = 131,328; 256*1+1 = 257; total 533,505.
    d = build_discriminator(DiscConfig(hidden=[512, 256]), (1, 28, 28))
    assert count_params(d) == 533_505
    # BatchNorm1d adds a scale and a shift per hidden unit: 2 * (256 + 512 + 1024) = 3,584.
    g_bn = build_generator(GenConfig(hidden=[256, 512, 1024], noise_dim=100, batch_norm=True),
                           (1, 28, 28))
    assert count_params(g_bn) == 1_486_352 + 3_584


def test_dcgan_64_matches_pytorch_example():
    # netG / netD of pytorch/examples dcgan/main.py with nz=100, ngf=ndf=64, nc=3.
    g = build_generator(GenConfig(kind="dcgan", noise_dim=100, batch_norm=True), (3, 64, 64))
    d_cfg = DiscConfig(kind="dcgan", batch_norm=True, activation="leaky_relu")
    d = build_discriminator(d_cfg, (3, 64, 64))
    assert count_params(g) == 3_576_704
    assert count_params(d) == 2_765_568


def test_dcgan_weights_init():
    g = build_generator(GenConfig(kind="dcgan", noise_dim=100, batch_norm=True), (3, 64, 64))
    conv, bn = g[1], g[2]
    assert abs(conv.weight.std().item() - 0.02) < 0.002
    assert abs(bn.weight.mean().item() - 1.0) < 0.01 and bn.bias.abs().sum() == 0


# ---------------------------------------------------------------- packing


def test_pack_groups_consecutive_samples():
    d = build_discriminator(disc(pack=2), (2,))
    seen = []
    d[1].register_forward_hook(lambda _m, inputs, _out: seen.append(inputs[0]))
    x = torch.randn(4, 2)
    out = d(x)
    assert torch.equal(seen[0], torch.stack([torch.cat([x[0], x[1]]), torch.cat([x[2], x[3]])]))

    across = d(x[[0, 2, 1, 3]])  # samples 1 and 2 sit in different packs: both packs change
    assert (across != out).all()
    within = d(x[[1, 0, 2, 3]])  # reordering inside pack 0 leaves pack 1 alone
    assert within[0] != out[0] and within[1] == out[1]


def test_dcgan_pack_concatenates_channels():
    d = build_discriminator(disc("dcgan", pack=2), (1, 28, 28))
    seen = []
    d[1].register_forward_hook(lambda _m, inputs, _out: seen.append(inputs[0]))
    x = torch.randn(4, 1, 28, 28)
    d(x)
    assert torch.equal(seen[0], torch.stack([torch.cat([x[0], x[1]]), torch.cat([x[2], x[3]])]))


# ---------------------------------------------------------------- batch-aware remedies


def changes_other_outputs(d, shape, batch=6):
    """True when changing sample 0 changes D's output for some other sample."""
    x = torch.randn(batch, *shape)
    y = x.clone()
    y[0] += 1.0
    with torch.no_grad():
        return not torch.allclose(d(x)[1:], d(y)[1:])


@pytest.mark.parametrize("kind,shape", [("mlp", (2,)), ("mlp", (1, 28, 28)), ("dcgan", (1, 28, 28))])
def test_minibatch_features_make_d_see_the_batch(kind, shape):
    plain = build_discriminator(disc(kind), shape)
    mbd = build_discriminator(disc(kind, minibatch_disc=True, mbd_kernels=8), shape)
    stddev = build_discriminator(disc(kind, minibatch_stddev=True), shape)
    assert not changes_other_outputs(plain, shape)
    assert changes_other_outputs(mbd, shape)
    assert changes_other_outputs(stddev, shape)


def test_minibatch_discrimination_closeness():
    mbd = MinibatchDiscrimination(10, kernels=7, kernel_dim=3)
    same = mbd(torch.randn(1, 10).expand(5, 10))
    assert same.shape == (5, 17)
    assert torch.allclose(same[:, 10:], torch.full((5, 7), 4.0))  # maximal: B - 1, self term left out
    spread = mbd(torch.randn(5, 10) * 100)[:, 10:]
    assert (spread >= 0).all() and (spread < 4.0).all()


def test_minibatch_discrimination_is_twice_differentiable():
    # WGAN-GP differentiates D's input gradient again.
    d = build_discriminator(disc(minibatch_disc=True, mbd_kernels=4), (2,))
    x = torch.randn(8, 2, requires_grad=True)
    (grad,) = torch.autograd.grad(d(x).sum(), x, create_graph=True)
    grad.pow(2).sum().backward()
    assert d[-3].T.grad.abs().sum() > 0


def test_minibatch_stddev_feature():
    layer = MinibatchStdDev()
    same = layer(torch.randn(1, 3, 4, 4).expand(6, 3, 4, 4))
    assert same.shape == (6, 4, 4, 4)
    assert torch.allclose(same[:, 3], torch.zeros(6, 4, 4), atol=1e-3)
    varied = layer(torch.randn(6, 5))
    assert varied.shape == (6, 6) and (varied[:, 5] > 0.5).all()


# ---------------------------------------------------------------- spectral norm


@pytest.mark.parametrize("kind,shape", [("mlp", (2,)), ("mlp", (1, 28, 28)), ("dcgan", (1, 28, 28))])
def test_spectral_norm_bounds_every_weight(kind, shape):
    d = build_discriminator(disc(kind, spectral_norm=True, minibatch_disc=True, mbd_kernels=4), shape)
    d.train()
    x = torch.randn(8, *shape)
    for _ in range(20):  # one power iteration per training forward pass
        d(x)
    layers = [m for m in d.modules() if isinstance(m, (nn.Linear, nn.Conv2d))]
    assert len(layers) == 3  # two hidden layers or blocks, then the final Linear after MBD
    for m in layers:
        sigma = torch.linalg.matrix_norm(m.weight.detach().reshape(m.weight.shape[0], -1), 2).item()
        assert sigma == pytest.approx(1.0, abs=0.02)


# ---------------------------------------------------------------- conditional


@pytest.mark.parametrize("kind,shape", [("mlp", (2,)), ("mlp", (1, 28, 28)), ("dcgan", (1, 28, 28)),
                                        ("dcgan", (3, 32, 32))])
@pytest.mark.parametrize("pack", [1, 2])
def test_conditional_nets(kind, shape, pack):
    g = build_generator(gen(kind), shape, n_classes=10)
    d = build_discriminator(disc(kind, pack=pack, spectral_norm=True), shape, n_classes=10)
    z, labels = torch.randn(8, 16), torch.arange(8)
    x = g(z, labels)
    assert x.shape == (8, *shape)
    assert not torch.allclose(x, g(z, (labels + 1) % 10))
    out = d(x, labels)
    assert out.shape == (8 // pack,)
    assert not torch.allclose(out, d(x, (labels + 1) % 10))
