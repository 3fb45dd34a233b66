<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlarmBanner</name>
    <message>
        <location filename="../../ganstudio/ui/window/alarm_banner.py" line="+29"/>
        <source>classes</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>modes</source>
        <translation>模式</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mode collapse at step {0}: G covers only {1} of {2} {3} (KL to uniform {4:.2f}) — it makes the same few outputs whatever the noise. Try minibatch discrimination or packing, spectral norm or WGAN-GP (Mode-collapse remedies), a lower G learning rate, or more D steps per G step.</source>
        <translation>第 {0} 步出现模式崩溃：G 只覆盖了 {2} 个{3}中的 {1} 个（与均匀分布的 KL 为 {4:.2f}）——无论输入什么噪声，它都只生成同样的少数几种输出。可以试试小批量判别或打包、谱归一化或 WGAN-GP（见“模式崩溃对策”），降低 G 的学习率，或增加每步 G 对应的 D 步数。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>collapse</source>
        <translation>崩溃</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Recovered at step {0}: G covers {1} of {2} {3} again (KL {4:.2f}).</source>
        <translation>第 {0} 步已恢复：G 重新覆盖了 {2} 个{3}中的 {1} 个（KL {4:.2f}）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>recovered</source>
        <translation>已恢复</translation>
    </message>
</context>
<context>
    <name>ArithmeticTab</name>
    <message>
        <location filename="../../ganstudio/ui/explorer/tabs.py" line="+240"/>
        <source>Group A</source>
        <translation>A 组</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Group B</source>
        <translation>B 组</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Group C</source>
        <translation>C 组</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Clear groups</source>
        <translation>清空各组</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>How many samples to show around the result (the result included).</source>
        <translation>在结果周围显示多少个样本（包括结果本身）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Each neighbour is the result plus uniform noise of at most this much in every dimension (Radford et al. used 0.25).</source>
        <translation>每个邻近样本都是结果加上均匀噪声，每个维度上的噪声不超过这个值（Radford 等人用的是 0.25）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Neighbours</source>
        <translation>邻近样本数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spread</source>
        <translation>散布范围</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>G of the mean z of group A, of B, of C, and of mean(A) − mean(B) + mean(C). If G has learned directions that mean something, the last one has A&apos;s feature that B lacks, on C: in the seed talk, a man with glasses − a man + a woman = a woman with glasses.</source>
        <translation>G 分别对 A 组、B 组、C 组的平均 z 以及 mean(A) − mean(B) + mean(C) 的输出。如果 G 学到了有意义的方向，最后一张会在 C 的基础上带有 A 有而 B 没有的特征：就像入门讲座里的例子，戴眼镜的男人 − 男人 + 女人 = 戴眼镜的女人。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The result (first) and samples near it: if they share its look, the arithmetic found a region of noise space, not one lucky point.</source>
        <translation>结果（第一张）及其附近的样本：如果它们看起来都和结果相似，说明向量运算找到的是噪声空间中的一片区域，而不是碰巧的一个点。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose a group, then click samples on the left to add them (click again to remove).</source>
        <translation>先选择一个组，再点击左侧的样本把它们加入该组（再次点击即可移除）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>mean A − mean B + mean C = result</source>
        <translation>A 的均值 − B 的均值 + C 的均值 = 结果</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Around the result</source>
        <translation>结果附近</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>A: {0}   B: {1}   C: {2} samples</source>
        <translation>样本数  A：{0}   B：{1}   C：{2}</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>mean of A</source>
        <translation>A 的均值</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>mean of B</source>
        <translation>B 的均值</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>mean of C</source>
        <translation>C 的均值</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>A − B + C</source>
        <translation>结果：A − B + C</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>neighbour {0}</source>
        <translation>邻近样本 {0}</translation>
    </message>
</context>
<context>
    <name>CollapseMeter</name>
    <message>
        <location filename="../../ganstudio/ui/plotting/collapse_meter.py" line="+101"/>
        <source>Left: how many modes (or digit classes) G&apos;s samples cover. Middle: KL divergence of G&apos;s spread over them from an even spread; the dashed line, ln 2, is where the collapse alarm fires. Right: the share of samples on each mode now; dashed: an even share.</source>
        <translation>左：G 的样本覆盖了多少个模式（或数字类别）。中：G 的样本在这些模式上的分布与均匀分布之间的 KL 散度；虚线 ln 2 是模式崩溃警报触发的位置。右：当前每个模式上的样本占比；虚线为均匀占比。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>MNIST: the Fréchet distance is measured in the features of the bundled digit classifier, so it is not comparable with Inception FID figures from papers.</source>
        <translation>MNIST：Fréchet 距离是在内置数字分类器的特征上计算的，因此不能与论文中基于 Inception 网络的 FID 数值相比较。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>classes</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>modes</source>
        <translation>模式</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} covered</source>
        <translation>已覆盖的{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KL to uniform</source>
        <translation>与均匀分布的 KL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>share per {0}</source>
        <translation>各{0}占比</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>asked digit drawn</source>
        <translation>画出指定数字的比例</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>{0} of 10 classes · KL {1:.3f} · classifier FD {2:.2f} (not Inception FID) · diversity {3:.2f} · coverage {4:.2f}</source>
        <translation>覆盖 10 个类别中的 {0} 个 · KL {1:.3f} · 分类器 FD {2:.2f}（不是 Inception FID）· 多样性 {3:.2f} · 覆盖率 {4:.2f}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> · asked digit drawn {0:.0f} % (chance 10 %)</source>
        <translation> · 画出指定数字 {0:.0f} %（随机猜测为 10 %）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} of {1} modes · {2:.1f} % high quality · reverse KL {3}</source>
        <translation>覆盖 {1} 个模式中的 {0} 个 · 高质量样本 {2:.1f} % · 反向 KL {3}</translation>
    </message>
</context>
<context>
    <name>CompareWindow</name>
    <message>
        <location filename="../../ganstudio/ui/runs/run_compare.py" line="+78"/>
        <source>Compare runs</source>
        <translation>比较运行</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{0} was not opened: {1}</source>
        <translation>未能打开 {0}：{1}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0}: {1}</source>
        <translation>运行 {0}：{1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} has no metrics yet, so it has no curves.</source>
        <translation>{0} 还没有指标数据，所以没有曲线。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>What could not be read. The rest of each run is shown.</source>
        <translation>无法读取的部分。每个运行的其余部分照常显示。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Some runs could not be read completely:</source>
        <translation>有些运行无法完整读取：</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>D loss</source>
        <translation>D 损失</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The discriminator&apos;s loss at every step.</source>
        <translation>判别器每一步的损失。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>G loss</source>
        <translation>G 损失</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The generator&apos;s loss at every step.</source>
        <translation>生成器每一步的损失。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D(x) on real</source>
        <translation>真实数据上的 D(x)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D&apos;s mean output on a real batch: how sure D is that real data is real.</source>
        <translation>D 在一批真实样本上的平均输出：D 有多确信真实数据是真的。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D(G(z)) on fake</source>
        <translation>假数据上的 D(G(z))</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D&apos;s mean output on a generated batch: how often G fools D.</source>
        <translation>D 在一批生成样本上的平均输出：G 骗过 D 的程度。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>step</source>
        <translation>训练步数</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Each run&apos;s samples at the chosen step (or the latest it saved before it), with the step they are really from underneath.</source>
        <translation>每个运行在所选步数时的样本（或在此之前最近一次保存的样本），下方注明它们实际来自哪一步。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The step whose samples are shown for every run: drag, or use the arrow keys, Home and End.</source>
        <translation>所有运行都显示这一步的样本：拖动滑块，或使用方向键、Home 和 End 键。</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>No samples saved</source>
        <translation>没有保存的样本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Step {0}</source>
        <translation>第 {0} 步</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>no samples saved</source>
        <translation>没有保存的样本</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>step {0}: {1}</source>
        <translation>第 {0} 步：{1}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>step {0}</source>
        <translation>第 {0} 步</translation>
    </message>
</context>
<context>
    <name>ControlPanel</name>
    <message>
        <location filename="../../ganstudio/ui/settings/controls.py" line="+33"/>
        <source>Points (*.csv *.txt);;All files (*)</source>
        <translation>点集 (*.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MNIST / Fashion-MNIST images (*-idx3-ubyte *-idx3-ubyte.gz);;All files (*)</source>
        <translation>MNIST / Fashion-MNIST 图像 (*-idx3-ubyte *-idx3-ubyte.gz);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>NumPy arrays (*.npz);;All files (*)</source>
        <translation>NumPy 数组 (*.npz);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location line="+133"/>
        <source>What G learns to imitate: 2-D point sets, the bundled MNIST digits, or your own points (csv) or images (idx, folder, npz).</source>
        <translation>G 要学习模仿的数据：二维点集、内置的 MNIST 手写数字，或你自己的点（csv）或图像（idx、folder、npz）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>file or folder to read</source>
        <translation>要读取的文件或文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where your data is: a CSV of x,y points, an IDX image file, a folder of PNG/JPEG images or an .npz array; read on Reset.</source>
        <translation>你的数据在哪里：x,y 点的 CSV 文件、IDX 图像文件、PNG/JPEG 图像文件夹或 .npz 数组；按“重置”时读取。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pick the file or folder to train on.</source>
        <translation>选择用于训练的文件或文件夹。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Conditional GAN</source>
        <translation>条件 GAN</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>G and D both get the class label (the digit), so you can ask G for a given digit: the sample grid shows one row per digit. Needs labelled data such as the bundled MNIST.</source>
        <translation>G 和 D 都会得到类别标签（即数字），因此可以让 G 生成指定的数字：样本网格中每个数字占一行。需要带标签的数据，例如内置的 MNIST。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Generator G</source>
        <translation>生成器 G</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Length of the random vector z fed to G: more dimensions give G more room to vary its output.</source>
        <translation>输入 G 的随机向量 z 的长度：维度越多，G 的输出可以变化的余地越大。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Distribution z is drawn from.</source>
        <translation>z 从哪种分布中采样。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Noise dim</source>
        <translation>噪声维度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show an average of G&apos;s recent weights (0 = off; 0.999 ≈ the last thousand steps): steadier pictures and metrics, while training still updates the plain G.</source>
        <translation>显示 G 近期权重的平均（0 = 关闭；0.999 ≈ 最近一千步）：图像和指标更稳定，训练仍然更新原本的 G。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Weight average</source>
        <translation>权重平均</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discriminator D</source>
        <translation>判别器 D</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+8"/>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>The game G and D play; changes apply on the next step.</source>
        <translation>G 与 D 之间博弈的形式；修改从下一步开始生效。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One-sided label smoothing: D aims for 1 − s on real data, which keeps it from getting over-confident.</source>
        <translation>单侧标签平滑：D 在真实数据上的目标值是 1 − s，防止它变得过于自信。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>D updates per G update (k): more makes D stronger relative to G.</source>
        <translation>每次 G 更新对应的 D 更新次数（k）：次数越多，D 相对于 G 越强。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Label smoothing</source>
        <translation>标签平滑</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D steps per G step</source>
        <translation>每步 G 对应的 D 步数</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Optimizer of D</source>
        <translation>D 的优化器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Optimizer of G</source>
        <translation>G 的优化器</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Samples per update: larger batches give smoother but slower steps.</source>
        <translation>每次更新使用的样本数：批越大，每一步越平稳，但也越慢。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Random seed: the same seed and settings replay the same run.</source>
        <translation>随机种子：相同的种子和设置会重现完全相同的训练过程。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Where training runs; auto picks a GPU when there is one.</source>
        <translation>在哪个设备上训练；auto 会在有 GPU 时自动选用 GPU。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data path</source>
        <translation>数据路径</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Folder of images</source>
        <translation>图像文件夹</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Data file</source>
        <translation>数据文件</translation>
    </message>
</context>
<context>
    <name>ExplorerDock</name>
    <message>
        <location filename="../../ganstudio/ui/explorer/explorer_dock.py" line="+16"/>
        <source>Latent explorer</source>
        <translation>潜在空间探索器</translation>
    </message>
</context>
<context>
    <name>ExportRunner</name>
    <message>
        <location filename="../../ganstudio/ui/runs/export_runner.py" line="+144"/>
        <source>Exporting {0}…</source>
        <translation>正在导出 {0}…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel stops the export and leaves no partial file behind.</source>
        <translation>按“取消”会停止导出，不会留下不完整的文件。</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Could not write {0}: {1} is a file, not a folder.</source>
        <translation>无法写入 {0}：{1} 是一个文件，而不是文件夹。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Could not write {0}: {1}.</source>
        <translation>无法写入 {0}：{1}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The export failed: {0}.</source>
        <translation>导出失败：{0}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Could not export to {0}: {1}</source>
        <translation>无法导出到 {0}：{1}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
</context>
<context>
    <name>FreezeWatchdog</name>
    <message>
        <location filename="../../ganstudio/ui/window/watchdog.py" line="+96"/>
        <source>The window did not answer for {0:.1f} s</source>
        <translation>窗口有 {0:.1f} 秒没有响应</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The plots stopped redrawing for {0:.1f} s</source>
        <translation>曲线图有 {0:.1f} 秒没有重绘</translation>
    </message>
</context>
<context>
    <name>HelpPanel</name>
    <message>
        <location filename="../../ganstudio/ui/window/help_panel.py" line="+42"/>
        <source>The original game of Goodfellow et al. (2014): D is a real/fake classifier trained with binary cross-entropy, and G minimises log(1 − D(G(z))), exactly the opposite of D. Elegant, but when D easily rejects the fakes early on, that term is flat and G&apos;s gradient vanishes: G can stall.</source>
        <translation>Goodfellow 等人（2014）最初提出的博弈：D 是用二元交叉熵训练的真/假分类器，G 则最小化 log(1 − D(G(z)))，与 D 的目标恰好相反。形式优美，但训练初期 D 很容易识破假样本，这一项几乎是平的，G 的梯度随之消失：G 可能停滞不前。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The same D as minimax, but G maximises log D(G(z)) instead. The equilibrium is the same, and G gets strong gradients exactly when D is winning, which is why practically every GAN uses it. The usual default.</source>
        <translation>D 与 minimax 相同，但 G 改为最大化 log D(G(z))。均衡点不变，而且恰恰在 D 占上风时 G 能得到较强的梯度，所以几乎所有 GAN 都采用它。这是通常的默认选择。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Least squares (Mao et al. 2017): D&apos;s output is pulled toward 1 on real data and 0 on fakes by a squared error, and G pulls its fakes toward 1. Fakes that D already accepts but that lie far from the data still get a push, which makes training steadier than cross-entropy.</source>
        <translation>最小二乘 GAN（Mao 等人，2017）：用平方误差把 D 在真实数据上的输出拉向 1、在假样本上拉向 0，G 则把自己的假样本拉向 1。那些已被 D 接受、却离数据很远的假样本仍会被继续推动，因此训练比交叉熵更平稳。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Wasserstein GAN (Arjovsky et al. 2017): D becomes a critic that gives real data high scores and fakes low scores, with no sigmoid and no probability. The gap between the two estimates how far apart the distributions are. The critic&apos;s weights are clipped to keep it smooth, which is crude and can make it weak.</source>
        <translation>Wasserstein GAN（Arjovsky 等人，2017）：D 变成评论家（critic），给真实数据打高分、给假样本打低分，没有 sigmoid，输出也不是概率。两者的分数差估计了两个分布相距多远。为了让评论家保持平滑，它的权重会被裁剪，这种做法比较粗糙，可能让评论家变弱。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>WGAN with a gradient penalty (Gulrajani et al. 2017): instead of clipping, the critic is penalised when its gradient norm on points between real and fake data differs from 1. Its gradients do not vanish when it wins, so it is one of the most reliable cures for mode collapse.</source>
        <translation>带梯度惩罚的 WGAN（Gulrajani 等人，2017）：不再裁剪权重，而是在真实数据与假数据之间的点上，只要评论家的梯度范数偏离 1 就加以惩罚。即使评论家占上风，它的梯度也不会消失，因此它是应对模式崩溃最可靠的方法之一。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Hinge loss (used with spectral norm in SAGAN and BigGAN): the critic only cares about real scores below 1 and fake scores above −1, and stops pushing samples it already separates by that margin. G raises the critic&apos;s score of its fakes.</source>
        <translation>合页损失（SAGAN 和 BigGAN 中与谱归一化搭配使用）：评论家只关心低于 1 的真实分数和高于 −1 的假分数，已经按这个间隔分开的样本就不再推动。G 则努力提高评论家给自己假样本打的分数。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>A GAN is a game between two networks. The generator G turns a random noise vector z into a sample; the discriminator D looks at a sample and says how real it seems. D learns to tell real data from G&apos;s fakes, G learns to fool D. Each training step updates D, then G.</source>
        <translation>GAN 是两个网络之间的博弈。生成器 G 把随机噪声向量 z 变成一个样本；判别器 D 查看一个样本，判断它有多像真的。D 学习区分真实数据和 G 的假样本，G 学习骗过 D。每个训练步先更新 D，再更新 G。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>A GAN is learning the 2-D point set {0} with the {1} loss.</source>
        <translation>一个 GAN 正在用 {1} 损失学习二维点集 {0}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A GAN is learning the images of {0} with the {1} loss.</source>
        <translation>一个 GAN 正在用 {1} 损失学习 {0} 的图像。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>D(x) is D&apos;s average output on a batch of real samples: the probability it gives them of being real. D(G(z)) is the same for a batch of G&apos;s fakes.</source>
        <translation>D(x) 是 D 在一批真实样本上的平均输出，即它认为这些样本为真的概率。D(G(z)) 是同样的量，只不过针对的是一批 G 生成的假样本。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Why 0.5? For a fixed G, the best D outputs p_data(x) / (p_data(x) + p_G(x)). Once G&apos;s samples are spread exactly like the real data the two densities are equal, so that ratio is ½ everywhere: D cannot tell real from fake and can only guess. D(x) and D(G(z)) both drifting toward the dashed 0.5 line is what success looks like. D&apos;s loss is then 2 ln 2 ≈ 1.39 and G&apos;s ln 2 ≈ 0.69 (non-saturating) or −ln 2 (minimax): the dashed lines on the loss plot.</source>
        <translation>为什么是 0.5？G 固定时，最优的 D 输出 p_data(x) / (p_data(x) + p_G(x))。一旦 G 的样本分布与真实数据完全一致，两个密度相等，这个比值处处为 ½：D 分不清真假，只能瞎猜。D(x) 和 D(G(z)) 都向 0.5 虚线靠拢，就是训练成功的样子。此时 D 的损失为 2 ln 2 ≈ 1.39，G 的损失为 ln 2 ≈ 0.69（非饱和损失）或 −ln 2（minimax），也就是损失图上的两条虚线。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>With this loss D outputs a raw score, not a probability: the middle plot shows its mean score on real samples, D(x), and on G&apos;s fakes, D(G(z)). There is no 0.5 line; watch the gap between the two curves shrink as G gets closer to the data.</source>
        <translation>使用这种损失时，D 输出的是原始分数而不是概率：中间的图显示它在真实样本上的平均分数 D(x) 和在 G 的假样本上的平均分数 D(G(z))。这里没有 0.5 线；请观察随着 G 逼近真实数据，两条曲线之间的差距逐渐缩小。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Why do the other losses talk about 0.5? With cross-entropy, the best D outputs p_data / (p_data + p_G), which is ½ everywhere once G matches the data: D can only guess. Switch the loss to minimax or non-saturating to see the curves meet at 0.5.</source>
        <translation>为什么其他损失会提到 0.5？使用交叉熵时，最优的 D 输出 p_data / (p_data + p_G)，一旦 G 与数据一致，它处处为 ½：D 只能瞎猜。把损失切换成 minimax 或 nonsaturating，就能看到两条曲线在 0.5 处相遇。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>D&apos;s and G&apos;s loss at every step. They fight, so one going down usually pushes the other up; a steady see-saw is normal, a loss running away is not.</source>
        <translation>D 和 G 每一步的损失。两者相互对抗，一方下降通常会把另一方推高；平稳的此起彼伏是正常的，某个损失一路失控则不正常。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Gradient norm</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>How big each network&apos;s update is. Spikes mean instability; G&apos;s gradient near zero means D wins so clearly that G stops learning.</source>
        <translation>每个网络的更新有多大。出现尖峰说明训练不稳定；G 的梯度接近零，说明 D 赢得太彻底，G 已经学不到东西了。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The plots on the left</source>
        <translation>左侧的曲线图</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The loss in use: {0}</source>
        <translation>当前使用的损失：{0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The other losses (change them live in Settings ▸ Loss):</source>
        <translation>其他损失（可在 设置 ▸ 损失 中实时切换）：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The sample grids</source>
        <translation>样本网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Top: what G makes from 64 fixed noise vectors. The noise never changes, so each cell is the same z every frame and you watch one sample sharpen from blur into a digit. Bottom: real training images to compare with.</source>
        <translation>上方：G 由 64 个固定噪声向量生成的样本。噪声始终不变，所以每个格子每一帧都对应同一个 z，你可以看着一个样本从模糊逐渐变成清晰的数字。下方：用来对比的真实训练图像。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Real and generated points</source>
        <translation>真实点与生成点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>blue dots are training data, orange dots are G&apos;s output for a fixed noise batch (each dot is the same z every frame, so you can follow it).</source>
        <translation>蓝点是训练数据，橙点是 G 对一批固定噪声的输出（每个点每一帧都对应同一个 z，所以可以跟踪它的移动）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Heatmap</source>
        <translation>热力图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D&apos;s verdict at every point of the plane: blue where it says real, orange where it says generated, white where it cannot tell.</source>
        <translation>D 对平面上每一点的判断：蓝色表示它认为是真实的，橙色表示它认为是生成的，白色表示它分辨不出。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Dashed contour</source>
        <translation>虚线等值线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D&apos;s decision boundary, the line where its output is 0.5 (for a critic, the middle of its score range): the fakes on the orange side are being caught.</source>
        <translation>D 的决策边界，即它的输出等于 0.5 的那条线（对评论家而言是其分数范围的中间值）：位于橙色一侧的假样本正在被识破。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Gradients</source>
        <translation>梯度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>arrows on the generated points: where G&apos;s loss pushes each one, i.e. the direction the next G update will try to move it, up the heatmap toward &apos;real&apos;.</source>
        <translation>生成点上的箭头：G 的损失把每个点推向哪里，也就是下一次 G 更新试图移动它的方向——沿着热力图朝“真实”的方向爬升。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Manifold</source>
        <translation>流形</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a grid drawn in noise space and bent through G: how G stretches and folds the noise to put points where the data is. Where grid lines crowd together, G squeezes a lot of noise into a small area.</source>
        <translation>在噪声空间中画一张网格，再让它经过 G 被弯折：展示 G 如何拉伸、折叠噪声，把点放到数据所在的位置。网格线挤在一起的地方，说明 G 把大量噪声压缩进了一小块区域。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the small view at the bottom: the fixed noise batch and the grid before G, what G starts from.</source>
        <translation>底部的小图：固定的噪声批次以及进入 G 之前的网格，也就是 G 的出发点。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>KL / JS</source>
        <translation>KL / JS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>divergences between the histograms of real and generated points over the steps: both fall toward 0 as the two distributions match. KL grows especially when G misses regions where real data lies.</source>
        <translation>真实点与生成点直方图之间的散度随训练步数的变化：两个分布越接近，两者都越趋近于 0。当 G 漏掉了真实数据所在的区域时，KL 尤其会变大。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The 2-D lab view</source>
        <translation>二维实验视图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Switch the layers on and off with the boxes above the canvas.</source>
        <translation>用画布上方的复选框打开或关闭各个图层。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Mode collapse is G giving up on diversity: instead of covering every cluster of blue points, the orange points pile onto one or a few of them, often hopping from cluster to cluster as D learns to reject each one. Try the ring8-collapse preset to see it.</source>
        <translation>模式崩溃就是 G 放弃了多样性：橙点不再覆盖每一簇蓝点，而是堆到其中一簇或少数几簇上；随着 D 学会拒绝某一簇，它们还常常从一簇跳到另一簇。试试 ring8-collapse 预设就能看到。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Mode collapse is G giving up on diversity: the grid fills with the same digit, or a few near-identical images, whatever the noise.</source>
        <translation>模式崩溃就是 G 放弃了多样性：无论输入什么噪声，网格里都是同一个数字，或者几张几乎一模一样的图像。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The meter under the plots counts the modes (clusters) G covers with high-quality samples, the KL divergence of G&apos;s spread over them from an even spread (0 is perfect), and the share of samples on each mode now.</source>
        <translation>曲线图下方的指标统计 G 用高质量样本覆盖了多少个模式（簇）、G 在这些模式上的分布与均匀分布之间的 KL 散度（0 为完美），以及当前每个模式上的样本占比。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The meter under the plots sorts 500 generated images with a small bundled digit classifier: how many of the 10 classes G produces, the KL divergence from an even spread over them, and the share of each class now.</source>
        <translation>曲线图下方的指标用一个内置的小型数字分类器对 500 张生成图像进行分类：G 生成了 10 个类别中的几个、它在这些类别上的分布与均匀分布之间的 KL 散度，以及当前每个类别的占比。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This data has no known modes, so there is no collapse meter: judge diversity by eye. The meter works on ring8, grid25, gauss2, blobs3 and the bundled MNIST digits.</source>
        <translation>这份数据没有已知的模式，因此没有模式崩溃指标：请用肉眼判断多样性。该指标适用于 ring8、grid25、gauss2、blobs3 以及内置的 MNIST 数字。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The alarm: when the KL divergence stays at or above ln 2 (G behaves as if it covered half the modes or fewer), or a quarter of the modes it had are lost, for four readings in a row, an amber banner says so and every plot gets a marker at that step. Remedies to try are in Settings ▸ Mode-collapse remedies.</source>
        <translation>警报：当 KL 散度不低于 ln 2（G 的表现相当于只覆盖了一半或更少的模式），或者已覆盖的模式丢失了四分之一，并且连续四次读数都如此时，会出现琥珀色横幅提示，并在每张图的这一步加上标记。可以尝试的对策在 设置 ▸ 模式崩溃对策 中。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Mode collapse</source>
        <translation>模式崩溃</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Instance noise is on (Mode-collapse remedies): D judges every point through a blur of σ {0}, so G&apos;s points need only land near a cluster, and the share of high-quality samples (within 3σ of a cluster&apos;s centre) stays low while the blur is wide.</source>
        <translation>实例噪声已开启（模式崩溃对策）：D 透过 σ 为 {0} 的模糊来判断每个点，所以 G 的点只要落在某个簇附近即可，模糊较宽时高质量样本（距簇中心 3σ 以内）的占比会偏低。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>It climbs as the blur fades to {0} by step {1}.</source>
        <translation>随着模糊在第 {1} 步前减弱到 {0}，这个占比会逐渐上升。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Slow motion plays one training iteration as four phases, each on screen for the seconds you choose, with the numbers it changed:</source>
        <translation>慢动作把一次训练迭代拆成四个阶段来播放，每个阶段按你设定的秒数停留在屏幕上，并显示它改变了哪些数值：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tick Slow motion in the run bar to play one training iteration as four phases, each on screen for the seconds you choose:</source>
        <translation>勾选运行栏中的“慢动作”，即可把一次训练迭代拆成四个阶段来播放，每个阶段按你设定的秒数停留在屏幕上：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Slow motion</source>
        <translation>慢动作</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Keys</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Space starts or pauses, S plays one step, R resets, F1 shows or hides this panel, F5 switches presentation mode, F11 full screen. Help ▸ Keyboard shortcuts lists them all.</source>
        <translation>空格键开始或暂停，S 训练一步，R 重置，F1 显示或隐藏本面板，F5 切换演示模式，F11 切换全屏。帮助 ▸ 键盘快捷键 中列出了全部快捷键。</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+14"/>
        <source>What am I looking at?</source>
        <translation>我在看什么？</translation>
    </message>
</context>
<context>
    <name>InterpolateTab</name>
    <message>
        <location filename="../../ganstudio/ui/explorer/tabs.py" line="-223"/>
        <source>Random ends</source>
        <translation>随机端点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interpolate between two new random noise vectors.</source>
        <translation>在两个新的随机噪声向量之间插值。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Spherical (slerp)</source>
        <translation>球面插值（slerp）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Linear (lerp)</source>
        <translation>线性插值（lerp）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Linear walks the straight line between the two z; halfway it passes closer to the origin than any noise G was trained on, so the middle images can fade. Spherical turns the direction at a steady speed along the great circle and changes the length evenly, so every step looks like a typical z.</source>
        <translation>线性插值沿两个 z 之间的直线走；走到一半时，它比 G 训练时见过的任何噪声都更靠近原点，所以中间的图像可能会变淡。球面插值沿大圆匀速转动方向，同时均匀地改变长度，所以每一步看起来都像一个典型的 z。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Number of images from the start to the end, both included.</source>
        <translation>从起点到终点的图像数量，两端都包括在内。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Animate</source>
        <translation>动画</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move a highlight along the strip, over and over.</source>
        <translation>让高亮框沿着图像条反复移动。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>G&apos;s output along the path from the green-framed start to the red-framed end.</source>
        <translation>G 沿着路径的输出，从绿框的起点到红框的终点。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Click two samples on the left: the start, then the end.</source>
        <translation>点击左侧的两个样本：先点起点，再点终点。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>sample {0}</source>
        <translation>样本 {0}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>a random z</source>
        <translation>一个随机 z</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>From {0} to {1}</source>
        <translation>从 {0} 到 {1}</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>step {0} of {1}</source>
        <translation>第 {0}/{1} 步</translation>
    </message>
</context>
<context>
    <name>LabFiles</name>
    <message>
        <location filename="../../ganstudio/ui/lab/lab_files.py" line="+42"/>
        <source>Cannot save the drawing: {0}</source>
        <translation>无法保存绘制的数据：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Drawing saved to {0}</source>
        <translation>绘制的数据已保存到 {0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Train on points from a CSV file</source>
        <translation>用 CSV 文件中的点训练</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>CSV 文件 (*.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cannot use these points: {0}</source>
        <translation>无法使用这些点：{0}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Export real and generated points</source>
        <translation>导出真实点和生成点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Export needs a 2-D dataset: these samples are images.</source>
        <translation>导出需要二维数据集：当前的样本是图像。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cannot export the points: {0}</source>
        <translation>无法导出这些点：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Wrote {0} real and {1} generated points to {2}</source>
        <translation>已将 {0} 个真实点和 {1} 个生成点写入 {2}</translation>
    </message>
</context>
<context>
    <name>LabView</name>
    <message>
        <location filename="../../ganstudio/ui/lab/lab_view.py" line="+93"/>
        <source>critic score</source>
        <translation>评论家（critic）分数</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Real</source>
        <translation>真实数据</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The training data (blue).</source>
        <translation>训练数据（蓝色）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Generated</source>
        <translation>生成数据</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>G&apos;s output for a fixed noise batch (orange): each dot is the same z every frame, so it can be followed.</source>
        <translation>G 对一批固定噪声的输出（橙色）：每个点在每一帧都对应同一个 z，因此可以跟踪它的移动。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Heatmap</source>
        <translation>热力图</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>D&apos;s verdict everywhere: blue where it says real, orange where it says generated; the line is 0.5.</source>
        <translation>D 在各处的判断：蓝色表示判为真实，橙色表示判为生成；那条线是 0.5 的分界线。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Gradients</source>
        <translation>梯度</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Where G&apos;s loss pushes each generated point: the direction the next G update tries to move it.</source>
        <translation>G 的损失把每个生成点推向哪里：也就是下一次 G 更新试图移动它的方向。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Manifold</source>
        <translation>流形</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>A grid in noise space bent by G: how G stretches and folds the noise to make its points.</source>
        <translation>被 G 弯曲的噪声空间网格：展示 G 如何拉伸和折叠噪声来生成它的点。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The fixed noise batch and its grid, before G.</source>
        <translation>固定的那批噪声及其网格（送入 G 之前）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KL / JS</source>
        <translation>KL / JS</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Divergence between the real and generated histograms over the steps: 0 when they match.</source>
        <translation>真实数据与生成数据的直方图之间的散度随训练步数的变化：两者一致时为 0。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Draw data</source>
        <translation>绘制数据</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paint your own distribution on the canvas with the mouse, then press Train on drawing.</source>
        <translation>用鼠标在画布上画出你自己的分布，然后按“用绘制的数据训练”。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Brush radius on screen: a wider brush paints a wider spread.</source>
        <translation>屏幕上的画笔半径：画笔越宽，画出的点越分散。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove every drawn point.</source>
        <translation>删除所有绘制的点。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Train on drawing</source>
        <translation>用绘制的数据训练</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the drawn points to a CSV file and reset training on them.</source>
        <translation>把绘制的点保存为 CSV 文件，并用它们重新开始训练。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Import CSV…</source>
        <translation>导入 CSV…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Train on x,y points from a CSV file (a bad row is reported by its line number; the current run stays as it is).</source>
        <translation>用 CSV 文件中的 x,y 点训练（有问题的行会报告行号；当前的训练保持不变）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export points…</source>
        <translation>导出点…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write the real and generated points shown now to a CSV file.</source>
        <translation>把当前显示的真实点和生成点写入 CSV 文件。</translation>
    </message>
    <message>
        <location line="+98"/>
        <source>KL divergence of the generated histogram from the real one, in nats: large when G misses places where real data lies (e.g. lost modes).</source>
        <translation>生成直方图相对于真实直方图的 KL 散度，单位为奈特：当 G 漏掉了真实数据所在的地方（例如丢失了某些模式）时会很大。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Real (blue) and generated (orange) points</source>
        <translation>真实点（蓝色）与生成点（橙色）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>JS divergence</source>
        <translation>JS 散度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KL divergence</source>
        <translation>KL 散度</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Noise space z</source>
        <translation>噪声空间 z</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Blue: real data. Orange: G&apos;s output for a fixed noise batch. Behind them D&apos;s verdict: blue where it says real, orange where it says generated; the dashed line is where it cannot tell (0.5). Drag to pan, wheel to zoom.</source>
        <translation>蓝色：真实数据。橙色：G 对一批固定噪声的输出。背景是 D 的判断：蓝色表示它认为是真实的，橙色表示它认为是生成的；虚线是它分辨不出的地方（0.5）。拖动可平移，滚动滚轮可缩放。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The colours of the heatmap and the D values they stand for.</source>
        <translation>热力图的颜色及其对应的 D 值。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What G starts from: the fixed noise batch and a grid in noise space (first two dimensions). The manifold layer shows this grid after G has bent it.</source>
        <translation>G 的出发点：固定的噪声批次和噪声空间中的一张网格（前两个维度）。“流形”图层显示这张网格被 G 弯折之后的样子。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Jensen–Shannon divergence between the real and generated histograms, 0 to 1 bit: 0 when they match.</source>
        <translation>真实直方图与生成直方图之间的 Jensen–Shannon 散度，范围为 0 到 1 比特：两者一致时为 0。</translation>
    </message>
    <message>
        <location line="+212"/>
        <source>{0} points drawn</source>
        <translation>已绘制 {0} 个点</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <location filename="../../ganstudio/ui/settings/i18n.py" line="+121"/>
        <source>&amp;Options</source>
        <translation>选项(&amp;O)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Show ganstudio in this language from the next start.</source>
        <translation>下次启动起用这种语言显示 ganstudio。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The interface is in {0}.</source>
        <translation>界面已经是{0}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Language set to {0}: it takes effect after ganstudio is restarted.</source>
        <translation>界面语言已设为{0}：重新启动 ganstudio 后生效。</translation>
    </message>
</context>
<context>
    <name>LatentExplorer</name>
    <message>
        <location filename="../../ganstudio/ui/explorer/latent_explorer.py" line="+60"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy G&apos;s current weights from training. The explorer only ever uses this copy: training goes on undisturbed, and what you see here is G as it was at the copy&apos;s step.</source>
        <translation>从训练中复制 G 当前的权重。探索器只使用这份副本：训练不受干扰地继续进行，这里看到的是复制时那一步的 G。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Auto refresh every</source>
        <translation>自动刷新，间隔</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy G again every few seconds while this panel is shown.</source>
        <translation>本面板显示期间，每隔几秒重新复制一次 G。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Digit</source>
        <translation>数字</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The class a conditional G is asked for: every picture here uses it.</source>
        <translation>要求条件 G 生成的类别：这里的每张图都使用它。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Press Refresh to copy G from training.</source>
        <translation>按“刷新”从训练中复制 G。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>G&apos;s output for the fixed noise vectors (the same z as the sample grid). Click one to use its z in the tab on the right: as an interpolation end, in the chosen group, or as the start of the sliders.</source>
        <translation>G 对固定噪声向量（与样本网格相同的 z）的输出。点击其中一张，即可在右侧的标签页中使用它的 z：作为插值的端点、加入所选的组，或作为滑块的起点。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export grid PNG…</source>
        <translation>导出网格 PNG…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Pick samples</source>
        <translation>选择样本</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Interpolate</source>
        <translation>插值</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Arithmetic</source>
        <translation>向量运算</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sliders</source>
        <translation>滑块</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Drag z (2-D)</source>
        <translation>拖动 z（二维）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the pictures of this tab as one PNG image.</source>
        <translation>把这个标签页中的图片保存为一张 PNG 图像。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export GIF…</source>
        <translation>导出 GIF…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save this tab as an animated GIF: one frame per interpolation step, the arithmetic&apos;s pictures one by one, or the last slider moved swept from end to end.</source>
        <translation>把这个标签页保存为 GIF 动画：插值的每一步一帧，或逐张播放向量运算的图片，或把最后移动的滑块从一端扫到另一端。</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>G as at step {0}</source>
        <translation>第 {0} 步时的 G</translation>
    </message>
    <message>
        <location line="+93"/>
        <source>Export PNG</source>
        <translation>导出 PNG</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export GIF</source>
        <translation>导出 GIF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GIF animations (*.gif)</source>
        <translation>GIF 动画 (*.gif)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Nothing to export yet: pick samples first.</source>
        <translation>还没有可导出的内容：请先选择样本。</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+11"/>
        <source>Cannot write {0}: {1}</source>
        <translation>无法写入 {0}：{1}</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Nothing to animate here yet.</source>
        <translation>这里还没有可以做成动画的内容。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ganstudio/ui/window/main_window.py" line="+67"/>
        <source>ganstudio — live training</source>
        <translation>ganstudio — 实时训练</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>loading PyTorch…</source>
        <translation>正在加载 PyTorch…</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Start or pause training</source>
        <translation>开始或暂停训练</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One training iteration: D, then G</source>
        <translation>训练一次迭代：先 D 后 G</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset: build new networks from the settings</source>
        <translation>重置：按当前设置构建新的网络</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>PyTorch is missing</source>
        <translation>缺少 PyTorch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PyTorch could not be loaded, so nothing can train: {0}</source>
        <translation>无法加载 PyTorch，因此无法训练：{0}</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>building the networks…</source>
        <translation>正在构建网络…</translation>
    </message>
    <message>
        <location line="+118"/>
        <source>Cannot reset with these settings: {0}</source>
        <translation>无法用这些设置重置：{0}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Reset training?</source>
        <translation>重置训练？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resetting builds new networks from the current settings and discards the {0} steps trained so far. Reset now?</source>
        <translation>重置会按当前设置构建新的网络，并丢弃到目前为止已训练的 {0} 步。现在重置吗？</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Branch a new run?</source>
        <translation>创建分支运行？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start a new run from the checkpoint at step {0} of this run, with the learning rates, loss and other live settings now in the panel? This run stays as it is.</source>
        <translation>从本运行第 {0} 步的检查点开始一个新的运行，并使用面板中当前的学习率、损失和其他实时设置吗？本运行保持不变。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Settings changed: press Reset to build the new networks.</source>
        <translation>设置已更改：请按“重置”构建新的网络。</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>running</source>
        <translation>训练中</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Applied at step {0}: {1}</source>
        <translation>已在第 {0} 步应用：{1}</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>{0}; the stacks of every thread are in {1}</source>
        <translation>{0}；所有线程的调用栈已保存到 {1}</translation>
    </message>
</context>
<context>
    <name>Markers</name>
    <message>
        <location filename="../../ganstudio/ui/plotting/markers.py" line="+18"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>smooth</source>
        <translation>平滑</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>clip</source>
        <translation>裁剪</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>inst. noise</source>
        <translation>实例噪声</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>noise fade steps</source>
        <translation>噪声衰减步数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>noise σ end</source>
        <translation>噪声终值 σ</translation>
    </message>
</context>
<context>
    <name>MemberTile</name>
    <message>
        <location filename="../../ganstudio/ui/population/tile.py" line="+179"/>
        <source>waiting…</source>
        <translation>等待中…</translation>
    </message>
    <message>
        <location line="+26"/>
        <location line="+5"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>no reading yet</source>
        <translation>尚无读数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>classes</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>modes</source>
        <translation>模式</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>COLLAPSE</source>
        <translation>坍塌</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0}/{1} {2}</source>
        <translation>{0}/{1} 个{2}</translation>
    </message>
</context>
<context>
    <name>Meter</name>
    <message>
        <location filename="engine_texts.py" line="+19"/>
        <source>no collapse meter for this data: it needs known modes (ring8, grid25, gauss2, blobs3) or MNIST</source>
        <translation>这个数据集没有模式崩溃监测：它需要模式已知的数据（ring8、grid25、gauss2、blobs3）或 MNIST</translation>
    </message>
</context>
<context>
    <name>NewPopulationDialog</name>
    <message>
        <location filename="../../ganstudio/ui/population/new_population.py" line="+52"/>
        <source>New population</source>
        <translation>新建种群</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A range or a list: 0-15, 0,3,7 or 0-3,9</source>
        <translation>范围或列表：0-15、0,3,7 或 0-3,9</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seeds</source>
        <translation>种子</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add a setting to vary</source>
        <translation>添加一个要变化的设置</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Vary</source>
        <translation>变化</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>give at least one seed</source>
        <translation>至少给出一个种子</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cannot train this: {0}</source>
        <translation>无法训练：{0}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0} members ({1} seeds{2}), trained as {3} population(s)</source>
        <translation>{0} 个成员（{1} 个种子{2}），分成 {3} 个种群训练</translation>
    </message>
</context>
<context>
    <name>PhaseStrip</name>
    <message>
        <location filename="../../ganstudio/ui/window/phase_strip.py" line="+17"/>
        <source>D sees real data</source>
        <translation>D 看真实数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D sees fake data</source>
        <translation>D 看假数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D updates</source>
        <translation>D 更新</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>G updates</source>
        <translation>G 更新</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>D looks at a batch of real samples and scores how real they seem.</source>
        <translation>D 查看一批真实样本，给它们看起来有多真实打分。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>G turns random noise into a batch of fake samples, and D scores them too.</source>
        <translation>G 把随机噪声变成一批假样本，D 也给它们打分。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>D changes its weights to score real samples higher and fake ones lower.</source>
        <translation>D 调整自己的权重，给真实样本打更高的分，给假样本打更低的分。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>G changes its weights so that D scores its fakes as more real; D stays frozen.</source>
        <translation>G 调整自己的权重，让 D 觉得它的假样本更真实；此时 D 保持冻结。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>loss D = {0:.3f}   ‖∇D‖ = {1:.3g}   D(x) {2:.3f} → {3:.3f}   D(G(z)) {4:.3f} → {5:.3f}</source>
        <translation>D 损失 = {0:.3f}   ‖∇D‖ = {1:.3g}   D(x) {2:.3f} → {3:.3f}   D(G(z)) {4:.3f} → {5:.3f}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>loss G = {0:.3f}   ‖∇G‖ = {1:.3g}   D(G(z)) {2:.3f} → {3:.3f}</source>
        <translation>G 损失 = {0:.3f}   ‖∇G‖ = {1:.3g}   D(G(z)) {2:.3f} → {3:.3f}</translation>
    </message>
    <message>
        <location line="+39"/>
        <source> (D round {0})</source>
        <translation>（D 第 {0} 轮）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step {0} · phase {1} of {2}{3}</source>
        <translation>第 {0} 步 · 阶段 {1}/{2}{3}</translation>
    </message>
</context>
<context>
    <name>PlaneTab</name>
    <message>
        <location filename="../../ganstudio/ui/explorer/sliders.py" line="+188"/>
        <source>Noise space, first two dimensions (grey: the fixed noise batch). Drag the pink point: it is z, and G(z) moves with it on the right. Nearby z give nearby points when G is smooth.</source>
        <translation>噪声空间的前两个维度（灰色：固定噪声批次）。拖动粉色的点：它就是 z，右侧的 G(z) 会随之移动。G 平滑时，相近的 z 会得到相近的点。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Data space: the real points (blue, faint), G of the fixed noise (orange) and G(z) for the dragged z (yellow).</source>
        <translation>数据空间：真实点（蓝色，浅淡）、G 对固定噪声的输出（橙色），以及被拖动的 z 对应的 G(z)（黄色）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Click a sample on the left to start from its z, then drag the point in noise space.</source>
        <translation>点击左侧的一个样本，从它的 z 出发，然后在噪声空间中拖动这个点。</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>z = ({0}, {1})  →  G(z) = ({2}, {3})</source>
        <translation>噪声 z = ({0}, {1})  →  输出 G(z) = ({2}, {3})</translation>
    </message>
</context>
<context>
    <name>PopulationActions</name>
    <message>
        <location filename="../../ganstudio/ui/population/wall_actions.py" line="+24"/>
        <source>New &amp;population…</source>
        <translation>新建种群(&amp;P)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Train many seeds (and settings) of one recipe at once, side by side</source>
        <translation>同时并排训练同一配方的多个种子（和设置）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open po&amp;pulation…</source>
        <translation>打开种群(&amp;P)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continue a population (a sweep folder) where it stopped</source>
        <translation>从停下的地方继续一个种群（扫描文件夹）</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Cannot start the population: {0}</source>
        <translation>无法开始种群：{0}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Open a population (sweep folder)</source>
        <translation>打开种群（扫描文件夹）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cannot open the population: {0}</source>
        <translation>无法打开种群：{0}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Following the population in {0}: another program trains it</source>
        <translation>正在跟随 {0} 中的种群：由另一个程序训练</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Population training in {0}</source>
        <translation>种群正在 {0} 中训练</translation>
    </message>
</context>
<context>
    <name>PopulationWall</name>
    <message>
        <location filename="../../ganstudio/ui/population/wall.py" line="+54"/>
        <source>Population — {0}</source>
        <translation>种群 — {0}</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+232"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location line="-230"/>
        <source>Pause or resume every member</source>
        <translation>暂停或继续所有成员</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sort: member</source>
        <translation>排序：成员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sort: modes covered</source>
        <translation>排序：覆盖的模式数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sort: KL (lowest first)</source>
        <translation>排序：KL（从低到高）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sort: G loss</source>
        <translation>排序：G 的损失</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show: all</source>
        <translation>显示：全部</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show: every mode covered</source>
        <translation>显示：覆盖全部模式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show: missing modes</source>
        <translation>显示：缺少模式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show: collapsed</source>
        <translation>显示：已坍塌</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show: stopped</source>
        <translation>显示：已停止</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clone worst from best</source>
        <translation>用最好的克隆最差的</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy the best member (most modes covered, then lowest KL) over the worst one, weights and optimizer state, and nudge the copy&apos;s learning rates by ×0.8 or ×1.25: population-based training by hand</source>
        <translation>把最好的成员（覆盖模式最多，其次 KL 最低）的权重和优化器状态复制到最差的成员上，并把副本的学习率乘以 0.8 或 1.25：手动的基于种群的训练</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the selected member; its run folder keeps a last checkpoint</source>
        <translation>停止选中的成员；它的运行文件夹保留最后一个检查点</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Promote</source>
        <translation>提升</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Continue the selected member as an ordinary run in the main window (it stops here)</source>
        <translation>在主窗口中把选中的成员作为普通运行继续训练（它在这里停止）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What is this for?</source>
        <translation>这是做什么用的？</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>starting the population…</source>
        <translation>正在启动种群…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>About the population wall</source>
        <translation>关于种群墙</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Following: another program trains this population</source>
        <translation>跟随中：这个种群由另一个程序训练</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&lt;h3&gt;Many GANs at once&lt;/h3&gt;&lt;p&gt;Each tile is one GAN of the same recipe: its own seed (and the settings you varied), trained side by side with the others in one batched step. The picture is what its G draws from fixed noise; the line under it is G&apos;s loss; the text says how many modes (or digit classes) it covers and its KL.&lt;/p&gt;&lt;p&gt;&lt;b&gt;What it is for.&lt;/b&gt; &lt;i&gt;Seed variance&lt;/i&gt;: the same recipe can cover every mode on one seed and collapse on the next, so one run proves little. &lt;i&gt;Collapse odds&lt;/i&gt;: count the red borders, that is how often this recipe collapses. &lt;i&gt;Tuning&lt;/i&gt;: vary a learning rate (File ▸ New population…) and compare whole columns of seeds, not two lucky runs.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Border colours&lt;/b&gt;: green, every mode covered; amber, some missing; red, the collapse alarm is up; grey, stopped.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Acting on members.&lt;/b&gt; Click a tile to see that member&apos;s plots in the main window. &lt;i&gt;Stop&lt;/i&gt; ends it. &lt;i&gt;Promote&lt;/i&gt; continues it as an ordinary run in the main window. &lt;i&gt;Clone worst from best&lt;/i&gt; copies the best member over the worst and nudges the copy&apos;s learning rates, as population-based training does automatically.&lt;/p&gt;&lt;p&gt;Every member is an ordinary run folder under {0}: open it, compare it or sample it later like any run.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;同时训练多个 GAN&lt;/h3&gt;&lt;p&gt;每个方块是同一配方的一个 GAN：有自己的种子（以及你变化的设置），与其他成员在同一个批量步骤中并排训练。图片是它的 G 从固定噪声画出的样本；下面的曲线是 G 的损失；文字说明它覆盖了多少个模式（或数字类别）以及它的 KL。&lt;/p&gt;&lt;p&gt;&lt;b&gt;用途。&lt;/b&gt;&lt;i&gt;种子间的差异&lt;/i&gt;：同一配方在一个种子上覆盖全部模式，在下一个种子上却可能坍塌，所以单次运行说明不了什么。&lt;i&gt;坍塌的概率&lt;/i&gt;：数一数红色边框，就是这个配方坍塌的频率。&lt;i&gt;调参&lt;/i&gt;：变化学习率（文件 ▸ 新建种群…），比较整列种子，而不是两次碰巧的运行。&lt;/p&gt;&lt;p&gt;&lt;b&gt;边框颜色&lt;/b&gt;：绿色，覆盖全部模式；琥珀色，缺少一些；红色，坍塌警报响起；灰色，已停止。&lt;/p&gt;&lt;p&gt;&lt;b&gt;操作成员。&lt;/b&gt;单击方块可在主窗口中查看该成员的曲线。&lt;i&gt;停止&lt;/i&gt;结束它。&lt;i&gt;提升&lt;/i&gt;在主窗口中把它作为普通运行继续训练。&lt;i&gt;用最好的克隆最差的&lt;/i&gt;把最好的成员复制到最差的成员上，并微调副本的学习率，就像基于种群的训练自动做的那样。&lt;/p&gt;&lt;p&gt;每个成员都是 {0} 下的一个普通运行文件夹：以后可以像任何运行一样打开、比较或采样。&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>following</source>
        <translation>跟随中</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>following (nothing writes it now)</source>
        <translation>跟随中（目前没有程序写入）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>training</source>
        <translation>训练中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} · step {1}/{2} · {3} steps/s ({4} member-steps/s) · {5} members, {6} training, {7} collapsed</source>
        <translation>{0} · 第 {1}/{2} 步 · {3} 步/秒（{4} 成员步/秒）· {5} 个成员，{6} 个训练中，{7} 个坍塌</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>promoting {0}…</source>
        <translation>正在提升 {0}…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Clone needs two training members with a meter reading</source>
        <translation>克隆需要两个有仪表读数的训练中成员</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{0} becomes a copy of {1}, learning rates {2}</source>
        <translation>{0} 成为 {1} 的副本，学习率 {2}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{0} continues as {1} in the main window</source>
        <translation>{0} 在主窗口中作为 {1} 继续训练</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The population stopped: {0}</source>
        <translation>种群已停止：{0}</translation>
    </message>
</context>
<context>
    <name>Presets</name>
    <message>
        <location filename="engine_texts.py" line="-15"/>
        <source>Eight Gaussians on a ring: the standard mode-coverage test.</source>
        <translation>圆环上的八个高斯分布：检验模式覆盖的标准测试。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Eight Gaussians with G&apos;s learning rate twenty times too large: G loses its noise and collapses onto one mode.</source>
        <oldsource>Eight Gaussians with a weak, slow D: the generator collapses onto few modes.</oldsource>
        <translation>八个高斯分布，G 的学习率大了二十倍：G 丢掉了噪声的作用，坍缩到单个模式上。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Eight Gaussians with GAN Lab&apos;s 1×8 networks: fast, and often struggles.</source>
        <translation>八个高斯分布，使用 GAN Lab 的 1×8 小网络：训练快，但常常学不好。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A 5×5 grid of Gaussians: harder mode coverage. Instance noise fading over 8,000 steps lets G reach every mode.</source>
        <translation>5×5 网格排列的高斯分布：模式覆盖更难。在 8000 步内逐渐减弱的实例噪声让 G 覆盖每一个模式。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GAN Lab&apos;s line: points along a segment.</source>
        <translation>GAN Lab 的直线：沿一条线段分布的点。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GAN Lab&apos;s two Gaussian hills.</source>
        <translation>GAN Lab 的两个高斯峰。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GAN Lab&apos;s ring: a continuous circle.</source>
        <translation>GAN Lab 的圆环：一个连续的圆。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GAN Lab&apos;s three disjoint blobs.</source>
        <translation>GAN Lab 的三个互不相连的团块。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A spiral: a thin curved manifold.</source>
        <translation>螺旋线：一条细而弯曲的流形。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Two interleaved half moons.</source>
        <translation>两个相互交错的半月形。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The seed article&apos;s fully connected GAN on the bundled MNIST digits.</source>
        <translation>入门文章中的全连接 GAN，在内置的 MNIST 手写数字上训练。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A small DCGAN (strided convolutions, batch norm) on the bundled MNIST digits.</source>
        <translation>小型 DCGAN（步长卷积、批归一化），在内置的 MNIST 手写数字上训练。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The MNIST MLP with fast learning rates and a high-momentum G: it collapses onto a few digits.</source>
        <translation>MNIST 全连接网络，配上很高的学习率和高动量的 G：生成器会坍缩到少数几个数字上。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The MNIST MLP GAN told which digit to draw: one sample row per digit.</source>
        <translation>条件版的 MNIST 全连接 GAN：告诉它要画哪个数字，每个数字一行样本。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The small MNIST DCGAN told which digit to draw: one sample row per digit.</source>
        <translation>条件版的小型 MNIST DCGAN：告诉它要画哪个数字，每个数字一行样本。</translation>
    </message>
</context>
<context>
    <name>RemediesBox</name>
    <message>
        <location filename="../../ganstudio/ui/settings/remedies_box.py" line="+32"/>
        <source>Mode-collapse remedies</source>
        <translation>模式崩溃对策</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Minibatch discrimination</source>
        <translation>小批量判别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D sees how close each sample is to the others in its batch, so a G that repeats itself is caught (Salimans et al. 2016; reset needed).</source>
        <translation>D 能看到每个样本与同一批中其他样本有多接近，因此不断重复自己的 G 会被识破（Salimans 等，2016；需要重置）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Minibatch stddev</source>
        <translation>小批量标准差</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D gets the batch&apos;s average spread as an extra feature: a collapsed batch has almost none (ProGAN; reset needed).</source>
        <translation>D 额外得到这一批样本的平均离散程度作为特征：崩溃的一批样本几乎没有离散（ProGAN；需要重置）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Packing</source>
        <translation>打包</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D judges m samples at once, so m copies of one point look suspicious (PacGAN; reset needed).</source>
        <translation>D 一次判断 m 个样本，因此同一个点的 m 个副本会显得可疑（PacGAN；需要重置）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>How many samples D judges together.</source>
        <translation>D 一次共同判断的样本数。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spectral norm on D</source>
        <translation>对 D 使用谱归一化</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bounds how sharply D&apos;s score can change, which keeps G&apos;s gradients informative (Miyato et al. 2018; reset needed).</source>
        <translation>限制 D 的评分变化的剧烈程度，让 G 得到的梯度保持有用（Miyato 等，2018；需要重置）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>WGAN-GP</source>
        <translation>WGAN-GP</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Switch the loss to the Wasserstein critic with a gradient penalty, whose gradients do not vanish when D wins (applies at the next step).</source>
        <translation>把损失换成带梯度惩罚的 Wasserstein 评论家（critic），即使 D 占上风，梯度也不会消失（下一步生效）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Weight of the gradient penalty; 10 in the paper.</source>
        <translation>梯度惩罚的权重；论文中取 10。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One-sided label smoothing</source>
        <translation>单侧标签平滑</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D aims for 0.9 instead of 1 on real data, so it cannot become over-confident (applies at the next step).</source>
        <translation>D 在真实数据上的目标值是 0.9 而不是 1，因此不会变得过于自信（下一步生效）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Instance noise</source>
        <translation>实例噪声</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Blur what D sees with Gaussian noise of this σ, so real and fake overlap and D&apos;s gradients stay smooth (applies at the next step).</source>
        <translation>给 D 看到的数据加上标准差为 σ 的高斯噪声，使其变得模糊，让真实数据与假数据相互重叠，D 的梯度保持平滑（下一步生效）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Standard deviation of the noise added to every D input.</source>
        <translation>加到 D 每个输入上的噪声的标准差。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The σ the noise fades to, and keeps after that.</source>
        <translation>噪声逐渐减小到的 σ，之后保持不变。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> steps</source>
        <translation> 步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>never (constant σ)</source>
        <translation>不衰减（σ 恒定）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Anneal the noise: σ fades in a straight line from the value above at step 0 to the one below at this step (Sønderby et al. 2017). Strong noise early lets G feel every mode of the data; fading it lets the points sharpen. 0 keeps σ constant.</source>
        <translation>对噪声做退火：σ 从第 0 步时上面的值沿直线减小，到这一步时变为下面的值（Sønderby 等，2017）。早期的强噪声让 G 感受到数据的每一个模式；噪声减弱后，生成的点逐渐变得清晰。设为 0 则 σ 保持恒定。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>fading over</source>
        <translation>衰减步数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>down to</source>
        <translation>减小到</translation>
    </message>
</context>
<context>
    <name>RunActions</name>
    <message>
        <location filename="../../ganstudio/ui/runs/run_actions.py" line="+116"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Open run…</source>
        <translation>打开运行(&amp;O)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open a run folder: its plots, snapshots and settings come back, and Start continues it.</source>
        <translation>打开一个运行文件夹：恢复它的曲线图、快照和设置，按“开始”即可继续训练。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Compare runs…</source>
        <translation>比较运行(&amp;C)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Save checkpoint now</source>
        <translation>立即保存检查点(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Autosave interval…</source>
        <translation>自动保存间隔(&amp;A)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show run &amp;folder</source>
        <translation>显示运行文件夹(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sample grid as &amp;PNG…</source>
        <translation>样本网格 PNG(&amp;P)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timelapse as &amp;GIF…</source>
        <translation>延时动画 GIF(&amp;G)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timelapse as &amp;MP4…</source>
        <translation>延时视频 MP4(&amp;M)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Metrics as &amp;CSV…</source>
        <translation>指标 CSV(&amp;C)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;TensorBoard files…</source>
        <translation>TensorBoard 文件(&amp;T)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+80"/>
        <source>Open a run folder</source>
        <translation>打开运行文件夹</translation>
    </message>
    <message>
        <location line="-79"/>
        <source>Save a checkpoint of this run now</source>
        <translation>立即保存本运行的检查点</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Last checkpoint: step {0}</source>
        <translation>最近的检查点：第 {0} 步</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>following {0} live</source>
        <translation>正在实时跟随 {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>runs are saved in {0}</source>
        <translation>运行保存在 {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>run {0}</source>
        <translation>运行 {0}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>(none yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cannot open {0}: {1}</source>
        <translation>无法打开 {0}：{1}</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Opened {0} with problems: {1}</source>
        <translation>已打开 {0}，但有问题：{1}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Opened {0} at step {1}: press Start to continue it.</source>
        <translation>已打开 {0}（第 {1} 步）：按“开始”继续训练。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>{0} cannot be continued: {1}. What could be read is shown; Start builds new networks from the settings.</source>
        <translation>{0} 无法继续训练：{1}。已显示能读取的部分；按“开始”会按当前设置构建新的网络。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Following {0}: another program is training it; new steps appear as they land.</source>
        <translation>正在实时跟随 {0}：另一个程序正在训练它；新的训练步一写入就会显示出来。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>{0}: no new steps for a while (step {1}); Start continues it here</source>
        <translation>{0}：已有一段时间没有新的训练步（第 {1} 步）；按“开始”可在这里继续训练</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{0} is still being written by another program: wait until it stops, then press Start to continue it here.</source>
        <translation>{0} 仍在被另一个程序写入：请等它停止后，再按“开始”在这里继续训练。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Cannot read the snapshot {0}: {1}</source>
        <translation>无法读取快照 {0}：{1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>saved snapshot, step {0}</source>
        <translation>已保存的快照，第 {0} 步</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Checkpoint saved in {0}</source>
        <translation>检查点已保存到 {0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Autosave</source>
        <translation>自动保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write a checkpoint of the run every this many seconds (a crash loses at most this much):</source>
        <translation>每隔多少秒写入一次运行的检查点（程序崩溃时最多丢失这么长时间的训练）：</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Opened {0} in the file manager</source>
        <translation>已在文件管理器中打开 {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No file manager could open the run folder; it is {0}</source>
        <translation>没有文件管理器能打开运行文件夹；它位于 {0}</translation>
    </message>
</context>
<context>
    <name>RunBar</name>
    <message>
        <location filename="../../ganstudio/ui/window/run_bar.py" line="+20"/>
        <location line="+38"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location line="-38"/>
        <source>Train continuously, or pause (Space).</source>
        <translation>连续训练，或暂停（空格键）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step D</source>
        <translation>单步 D</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One update of the discriminator alone; G stands still.</source>
        <translation>只更新一次判别器；G 保持不动。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step G</source>
        <translation>单步 G</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One update of the generator alone against the current D.</source>
        <translation>针对当前的 D，只更新一次生成器。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step both</source>
        <translation>单步 D+G</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>One full training iteration: D, then G (S).</source>
        <translation>一次完整的训练迭代：先更新 D，再更新 G（S 键）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>How many iterations Run N trains before pausing.</source>
        <translation>“运行 N 步”在暂停前训练的迭代次数。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run N</source>
        <translation>运行 N 步</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Train the given number of iterations, then pause.</source>
        <translation>训练指定次数的迭代，然后暂停。</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+30"/>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <location line="-29"/>
        <source>Build fresh networks from the settings on the left (R).</source>
        <translation>按左侧的设置构建全新的网络（R 键）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slow motion</source>
        <translation>慢动作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Play each training iteration phase by phase — D sees real data, D sees fake data, D updates, G updates — with an explanation of each.</source>
        <translation>把每次训练迭代按阶段逐一播放——D 看真实数据、D 看假数据、D 更新、G 更新——并解释每个阶段在做什么。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source> s/phase</source>
        <translation> 秒/阶段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How long each phase stays on screen in slow motion.</source>
        <translation>慢动作时每个阶段在屏幕上停留的时间。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reset *</source>
        <translation>重置 *</translation>
    </message>
</context>
<context>
    <name>RunColumn</name>
    <message>
        <location filename="../../ganstudio/ui/window/run_column.py" line="+161"/>
        <source>Training plots</source>
        <translation>训练曲线</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Collapse meter</source>
        <translation>模式崩溃指示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Samples</source>
        <translation>样本</translation>
    </message>
</context>
<context>
    <name>RunExports</name>
    <message>
        <location filename="../../ganstudio/ui/runs/run_exports.py" line="+49"/>
        <source>Export the sample grid</source>
        <translation>导出样本网格</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>GIF animations (*.gif)</source>
        <translation>GIF 动画 (*.gif)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>MP4 videos (*.mp4)</source>
        <translation>MP4 视频 (*.mp4)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export a timelapse of the samples</source>
        <translation>导出样本的延时动画</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export the metrics</source>
        <translation>导出指标</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Folder for the TensorBoard files</source>
        <translation>TensorBoard 文件的保存文件夹</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>An export is still running; wait for it or cancel it first.</source>
        <translation>还有一个导出正在进行；请等它完成，或先取消它。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Exported {0}</source>
        <translation>已导出 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
</context>
<context>
    <name>RunPicker</name>
    <message>
        <location filename="../../ganstudio/ui/runs/run_picker.py" line="+28"/>
        <source>Open a run</source>
        <translation>打开运行</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Compare runs</source>
        <translation>比较运行</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Changed</source>
        <translation>修改时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tick the runs to use; the newest are at the top.</source>
        <translation>勾选要使用的运行；最新的排在最上面。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a run folder that is not in {0}.</source>
        <translation>添加一个不在 {0} 中的运行文件夹。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Branched from {0} at step {1}</source>
        <translation>从 {0} 的第 {1} 步分支而来</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>{0} is not a run folder.</source>
        <translation>{0} 不是运行文件夹。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Add a run folder</source>
        <translation>添加运行文件夹</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Tick the run to open.</source>
        <translation>勾选要打开的运行。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} chosen; tick at least {1}.</source>
        <translation>已选 {0} 个；请至少勾选 {1} 个。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} chosen; tick {1} to {2}.</source>
        <translation>已选 {0} 个；请勾选 {1} 到 {2} 个。</translation>
    </message>
</context>
<context>
    <name>SamplesView</name>
    <message>
        <location filename="../../ganstudio/ui/plotting/samples_view.py" line="+27"/>
        <source>Top: G&apos;s images for the same fixed noise vectors every frame, so you can watch each one sharpen. Bottom: a batch of real training images to compare with.</source>
        <translation>上方：G 每一帧都用同一组固定噪声向量生成的图像，可以看着每一张逐渐变清晰。下方：一批用来对比的真实训练图像。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Generated (fixed noise)</source>
        <translation>生成样本（固定噪声）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Real</source>
        <translation>真实样本</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../ganstudio/ui/window/shortcuts_dialog.py" line="+13"/>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Key</source>
        <translation>按键</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>What it does</source>
        <translation>作用</translation>
    </message>
</context>
<context>
    <name>SlidersTab</name>
    <message>
        <location filename="../../ganstudio/ui/explorer/sliders.py" line="-210"/>
        <source>First dimensions</source>
        <translation>前几个维度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Principal directions</source>
        <translation>主方向</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>First dimensions: slider i sets z[i]. Principal directions: the directions in noise space along which G&apos;s output changes most (from a straight-line fit of G over 512 random z), strongest first.</source>
        <translation>前几个维度：第 i 个滑块设置 z[i]。主方向：噪声空间中让 G 的输出变化最大的方向（由 G 在 512 个随机 z 上的线性拟合得出），按强弱排列，最强的在前。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Random base</source>
        <translation>随机基准</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reset sliders</source>
        <translation>重置滑块</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Put every slider back on the base z.</source>
        <translation>把所有滑块放回基准 z。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>G(z) for the z the sliders set, redrawn as you drag.</source>
        <translation>滑块所设定的 z 对应的 G(z)，拖动时实时重绘。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Sliders move</source>
        <translation>滑块控制</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Click a sample on the left to start from its z.</source>
        <translation>点击左侧的一个样本，从它的 z 出发。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>z[{0}]</source>
        <translation>维度 z[{0}]</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>direction {0}</source>
        <translation>方向 {0}</translation>
    </message>
</context>
<context>
    <name>StatusFields</name>
    <message>
        <location filename="../../ganstudio/ui/window/status_fields.py" line="+49"/>
        <source>step {0}</source>
        <translation>第 {0} 步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0:.0f} steps/s</source>
        <translation>{0:.0f} 步/秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0:.1f} s trained</source>
        <translation>已训练 {0:.1f} 秒</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>lr D {0:.2g}  ·  lr G {1:.2g}</source>
        <translation>D 学习率 {0:.2g}  ·  G 学习率 {1:.2g}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The learning rates of D and G now; σ: the instance noise added to D&apos;s inputs now (Settings ▸ Mode-collapse remedies)</source>
        <translation>D 和 G 当前的学习率；σ：当前加在 D 输入上的实例噪声（设置 ▸ 模式崩溃对策）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Training uses {0} CPU threads: every core at first, fewer while other programs keep the machine busy (each change is timed on real training steps). A run whose config sets threads keeps that number.</source>
        <translation>训练使用 {0} 个 CPU 线程：起初用满所有核心，其他程序让机器忙碌时减少（每次改变都用真实的训练步骤计时验证）。配置中设定了 threads 的运行始终使用该数目。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>device {0}</source>
        <translation>设备 {0}</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <location filename="../../ganstudio/ui/runs/timeline.py" line="+38"/>
        <source>Drag, or use the arrow keys, Page Up/Down, Home and End, to look at the samples saved at an earlier step. The run goes on training meanwhile; press Live to follow it again.</source>
        <translation>拖动滑块，或使用方向键、Page Up/Down、Home 和 End 键，查看在更早的某一步保存的样本。与此同时训练仍在继续；按“实时”即可重新跟随最新进度。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The step whose saved samples are shown.</source>
        <translation>显示在这一步保存的样本。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Follow the newest samples as training goes on.</source>
        <translation>随着训练进行，实时跟随显示最新的样本。</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+110"/>
        <source>Branch from here…</source>
        <translation>从这里分支…</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>No samples saved yet</source>
        <translation>还没有保存的样本</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Live · step {0}</source>
        <translation>实时 · 第 {0} 步</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Step {0} ({1} of {2})</source>
        <translation>第 {0} 步（第 {1}/{2} 个快照）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Start a new run from a saved checkpoint at or before this step. There is none at or before this step yet: checkpoints are saved as the run trains.</source>
        <translation>从这一步或更早保存的检查点开始一个新的运行。这一步及之前还没有检查点：检查点会在训练过程中陆续保存。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Branch from step {0}…</source>
        <translation>从第 {0} 步分支…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start a new run from the checkpoint saved at step {0}, the newest at or before the step shown, and change its settings if you like. This run stays as it is.</source>
        <translation>从第 {0} 步保存的检查点（即所显示步数或更早的最新检查点）开始一个新的运行，需要的话还可以修改它的设置。本运行保持不变。</translation>
    </message>
</context>
<context>
    <name>TrainingPlots</name>
    <message>
        <location filename="../../ganstudio/ui/plotting/plots.py" line="+64"/>
        <source>Smooth losses (moving average)</source>
        <translation>平滑损失曲线（滑动平均）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Draw an exponential moving average of the losses so the trend shows through the step-to-step noise.</source>
        <translation>画出损失的指数滑动平均，让总体趋势从每一步的波动中显现出来。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Loss of {0} and {1}</source>
        <translation>{0} 和 {1} 的损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} on real and {1} on fake</source>
        <translation>真实样本上的 {0} 与生成样本上的 {1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Gradient norm of {0} and {1}</source>
        <translation>{0} 和 {1} 的梯度范数</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>D&apos;s (blue) and G&apos;s (orange) losses at every step. With the minimax and non-saturating losses the dashed lines are their values at the equilibrium, where D outputs 0.5 everywhere.</source>
        <translation>D（蓝）和 G（橙）每一步的损失。使用 minimax 和 nonsaturating 损失时，虚线是它们在均衡点的取值，此时 D 处处输出 0.5。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>D&apos;s mean output on a real batch, D(x) (blue), and on a generated batch, D(G(z)) (orange). When G imitates the data perfectly D can only guess: both meet at the dashed 0.5 line.</source>
        <translation>D 在一批真实样本上的平均输出 D(x)（蓝），以及在一批生成样本上的平均输出 D(G(z))（橙）。当 G 完美地模仿数据时，D 只能瞎猜：两者在 0.5 虚线处相遇。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How large each network&apos;s gradient is, D&apos;s blue and G&apos;s orange: spikes mean unstable training, a G gradient near zero means D wins so clearly that G learns nothing.</source>
        <translation>每个网络梯度的大小，D 为蓝色、G 为橙色：出现尖峰说明训练不稳定；G 的梯度接近零，说明 D 赢得太彻底，G 什么也学不到。</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>step</source>
        <translation>训练步数</translation>
    </message>
</context>
<context>
    <name>TrainingWorker</name>
    <message>
        <location filename="../../ganstudio/worker.py" line="+175"/>
        <source>No model is loaded yet; press Reset.</source>
        <translation>还没有加载模型；请按“重置”。</translation>
    </message>
    <message>
        <location line="+135"/>
        <source>Training stopped: {0}</source>
        <translation>训练已停止：{0}</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>{0} became {1} at step {2} — the learning rate of {3} ({4}) is probably too high; lower it and press Start</source>
        <translation>{0} 在第 {2} 步变成了 {1}——{3} 的学习率（{4}）可能太高了；请调低学习率后再按“开始”</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Cannot build this configuration: {0}</source>
        <translation>无法构建这个配置：{0}</translation>
    </message>
    <message>
        <location line="+89"/>
        <source>Could not save the run: {0}. Training goes on; the last checkpoint on disk is intact, and saving is tried again at the next autosave.</source>
        <translation>无法保存运行：{0}。训练继续进行；磁盘上最近的检查点完好无损，下次自动保存时会再次尝试保存。</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Branching needs run folders, which are turned off.</source>
        <translation>分支需要运行文件夹，而运行文件夹功能已关闭。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cannot branch from step {0}: {1}</source>
        <translation>无法从第 {0} 步分支：{1}</translation>
    </message>
</context>
<context>
    <name>VaryRow</name>
    <message>
        <location filename="../../ganstudio/ui/population/new_population.py" line="-87"/>
        <source>(nothing)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>values, e.g. 1e-4, 2e-4</source>
        <translation>取值，例如 1e-4, 2e-4</translation>
    </message>
</context>
<context>
    <name>ViewMenus</name>
    <message>
        <location filename="../../ganstudio/ui/window/view_menus.py" line="+23"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Presentation mode</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Presentation mode: large fonts, thick lines, advanced settings hidden</source>
        <translation>演示模式：大字体、粗线条，隐藏高级设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Full screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Full screen on or off</source>
        <translation>打开或关闭全屏</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Latent explorer</source>
        <translation>潜在空间探索器(&amp;L)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Play with G&apos;s noise input: interpolate, add and subtract noise vectors, move sliders.</source>
        <translation>动手摆弄 G 的噪声输入：插值、对噪声向量做加减、拖动滑块。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show or hide the latent explorer</source>
        <translation>显示或隐藏潜在空间探索器</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Show or hide “What am I looking at?”, the explanation of the view on screen</source>
        <translation>显示或隐藏“我在看什么？”面板，它解释当前屏幕上的视图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keyboard shortcuts…</source>
        <translation>键盘快捷键(&amp;K)…</translation>
    </message>
</context>
<context>
    <name>_NetBox</name>
    <message>
        <location filename="../../ganstudio/ui/settings/controls.py" line="-220"/>
        <source>mlp: fully connected layers; dcgan: strided convolutions (images only).</source>
        <translation>mlp：全连接层；dcgan：步长卷积（仅用于图像）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Widths of the hidden layers of {0}, e.g. 128,128,128: wider or deeper makes {0} stronger and slower.</source>
        <translation>{0} 各隐藏层的宽度，例如 128,128,128：更宽或更深会让 {0} 更强，也更慢。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Base channel count of the DCGAN {0}: more channels, more capacity, slower steps.</source>
        <translation>DCGAN {0} 的基础通道数：通道越多，容量越大，每一步越慢。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The nonlinearity between layers of {0}.</source>
        <translation>{0} 各层之间的非线性激活函数。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batch norm</source>
        <translation>批归一化</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Normalise each layer of {0} over the batch: often steadier training.</source>
        <translation>在一批数据上对 {0} 的每一层做归一化：训练通常更稳定。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hidden widths</source>
        <translation>隐藏层宽度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Base channels</source>
        <translation>基础通道数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
</context>
<context>
    <name>_OptimBox</name>
    <message>
        <location line="+33"/>
        <source>The update rule of {0}; changing it makes a new optimizer (reset).</source>
        <translation>{0} 的参数更新规则；更改后会新建优化器（需要重置）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Learning rate of {0}: how far each update moves its weights; too high diverges, too low stalls.</source>
        <translation>{0} 的学习率：每次更新让权重移动多远；太高会发散，太低会停滞不前。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Adam β1 of {0}: momentum; 0.5 is the usual GAN choice, 0.9 is smoother but slower to react.</source>
        <translation>{0} 的 Adam β1：动量；GAN 通常取 0.5，0.9 更平滑，但反应更慢。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Adam β2 of {0}: how long the gradient scale is remembered.</source>
        <translation>{0} 的 Adam β2：梯度尺度被记住多久。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>β1</source>
        <translation>β1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>β2</source>
        <translation>β2</translation>
    </message>
</context>
<context>
    <name>user_files</name>
    <message>
        <location filename="../../ganstudio/ui/settings/user_files.py" line="+84"/>
        <source>Moved {0} saved runs and drawings to {1}</source>
        <translation>已将 {0} 个保存的运行和绘制的数据移到 {1}</translation>
    </message>
</context>
</TS>
