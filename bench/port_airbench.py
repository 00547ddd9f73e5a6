"""Port airbench94 (KellerJordan/cifar10-airbench, `legacy/airbench94.py`) to the CPU with the fewest changes.

Chapter 05 compares its recipe with this published reference on the same machine in the same sitting. The reference
is their code, not ours, so it is not in this repository: fetch it, then let this script write the CPU port into the
git-ignored folder `bench/airbench/` and print every change it made:

    git clone https://github.com/KellerJordan/cifar10-airbench
    python bench/port_airbench.py cifar10-airbench/legacy/airbench94.py
    python bench/airbench/airbench94_cpu.py --seeds 0 1 2 --out bench/airbench/runs.json
    python bench/airbench/airbench94_cpu.py --valid --seeds 0 --out bench/airbench/valid.json   # 45,000 / 5,000

The changes, and only these (each must match the upstream text exactly, or the port stops and says which):
the device (CPU instead of `.cuda()`), the number format (fp32 weights, bf16 autocast only where
`cifar_nb.faster.detect_settings` chooses it, the rule our recipes follow; fp16 is not fast on CPUs), the clock
(wall time instead of CUDA events), the data (read from our CIFAR-10 folder with `cifar_nb.data`, not downloaded
with torchvision; `--valid` learns from chapter 05's 45,000 training images and scores its 5,000 validation images
instead, so that our candidate recipes can be compared with the reference without the test set), and the driver
(`--seeds` instead of 25 unseeded runs, a JSON of the results). The network, the
hyperparameters, the schedule, the augmentation, the lookahead, the test-time augmentation and what the timer
counts (training plus the final TTA evaluation, not the per-epoch evaluations) are theirs, unchanged.

On a GPU the reference needs fewer changes still: `--device cuda` writes `bench/airbench/airbench94_gpu.py`, which
keeps their device, fp16 and CUDA-event timer and changes only the data, the seeding and the driver. Its `--warmup`
first runs upstream's own `main('warmup')` (dummy labels; commented out upstream, where 25 runs dilute the first
run's one-off start-up costs, which 3 runs would not):

    python bench/port_airbench.py --device cuda cifar10-airbench/legacy/airbench94.py
    python bench/airbench/airbench94_gpu.py --warmup --seeds 0 1 2 --out runs/gpu/airbench.json
"""
import argparse, sys
from pathlib import Path

FOLDER = Path(__file__).resolve().parent/'airbench'

HEADER = '''# CPU port of KellerJordan/cifar10-airbench legacy/airbench94.py, written by cifar_nb's bench/port_airbench.py.
# Their code (MIT licence, see their repository); the changes are marked "port:".
import time, json, argparse
from pathlib import Path
from contextlib import nullcontext
from cifar_nb.data import CifarDataset, resolve_data_dir, cpu_name
from cifar_nb.faster import detect_settings

class WallClock:  # port: the CPU has no CUDA events; same interface
    def record(self): self.t = time.perf_counter()
    def elapsed_time(self, end): return 1e3 * (end.t - self.t)

DATA, AUTOCAST, VALID = None, None, False  # port: set by the command line below

def amp():  # port: bf16 autocast where our recipes use it, fp32 otherwise
    return torch.autocast('cpu', dtype=AUTOCAST) if AUTOCAST is not None else nullcontext()

'''

GPU_HEADER = '''# KellerJordan/cifar10-airbench legacy/airbench94.py on its GPU, with our data: written by cifar_nb's
# bench/port_airbench.py --device cuda. Their code (MIT licence, see their repository); the changes are marked "port:".
import time, json, argparse
from pathlib import Path
from cifar_nb.data import CifarDataset, resolve_data_dir, cpu_name

DATA, VALID = None, False  # port: set by the command line below

'''

UPSTREAM_DATA = """        data_path = os.path.join(path, 'train.pt' if train else 'test.pt')
        if not os.path.exists(data_path):
            dset = torchvision.datasets.CIFAR10(path, download=True, train=train)
            images = torch.tensor(dset.data)
            labels = torch.tensor(dset.targets)
            torch.save({'images': images, 'labels': labels, 'classes': dset.classes}, data_path)

        data = torch.load(data_path, map_location=torch.device(gpu))
        self.images, self.labels, self.classes = data['images'], data['labels'], data['classes']
        # It's faster to load+process uint8 data than to load preprocessed fp16 data
        self.images = (self.images.half() / 255).permute(0, 3, 1, 2).to(memory_format=torch.channels_last)
"""
OUR_SPLIT = """        split = ('train' if train else 'valid') if VALID else ('train+valid' if train else 'test')  # port: --valid: 05's split
        data = CifarDataset(path, split)  # port: our data folder
"""

COMMON = [  # (upstream text, replacement, why): the changes both ports make
    ("def main(run):\n",
     "def main(run):\n    torch.manual_seed(0 if run == 'warmup' else run)  # port: one seed per run, so that runs can be repeated\n",
     "seeding"),
    ("CifarLoader('cifar10', train=False", "CifarLoader(DATA, train=False", "data folder"),
    ("CifarLoader('cifar10', train=True", "CifarLoader(DATA, train=True", "data folder"),
    ("    return tta_val_acc\n", "    return tta_val_acc, total_time_seconds  # port: the time too\n", "report the time"),
]

CHANGES = {
    'cpu': [
        ("import torchvision.transforms as T\n", "import torchvision.transforms as T\n" + HEADER,
         "helpers of the port: wall clock, data folder, precision"),
        (UPSTREAM_DATA, OUR_SPLIT + """        self.images, self.labels = torch.tensor(data.images), torch.tensor(data.labels)
        self.images = (self.images.float() / 255).permute(0, 3, 1, 2).to(memory_format=torch.channels_last)  # port: fp32
""", "data: read our CIFAR-10 folder; fp32 images (fp16 is slow on CPUs)"),
        ("    net = net.half().cuda()\n", "    # port: fp32 weights on the CPU (bf16 only inside autocast)\n",
         "device and number format"),
        ("    with torch.no_grad():\n        return torch.cat([infer_fn(inputs, model) for inputs in test_images.split(2000)])",
         "    with torch.no_grad(), amp():  # port: autocast\n"
         "        return torch.cat([infer_fn(inputs, model) for inputs in test_images.split(2000)]).float()",
         "autocast in evaluation"),
        ("""    starter = torch.cuda.Event(enable_timing=True)
    ender = torch.cuda.Event(enable_timing=True)
""", "    starter, ender = WallClock(), WallClock()  # port: wall clock\n", "clock"),
        ("torch.cuda.synchronize()", "pass  # port: nothing to wait for on the CPU", "clock (3 places)"),
        ("""            outputs = model(inputs)
            loss = loss_fn(outputs, labels).sum()
""", """            with amp():  # port: autocast
                outputs = model(inputs)
                loss = loss_fn(outputs, labels).sum()
""", "autocast in training"),
    ] + COMMON,
    'cuda': [
        ("import torchvision.transforms as T\n", "import torchvision.transforms as T\n" + GPU_HEADER,
         "helpers of the port: data folder"),
        (UPSTREAM_DATA, OUR_SPLIT + """        self.images, self.labels = torch.tensor(data.images).to(gpu), torch.tensor(data.labels).to(gpu)
        # It's faster to load+process uint8 data than to load preprocessed fp16 data
        self.images = (self.images.half() / 255).permute(0, 3, 1, 2).to(memory_format=torch.channels_last)
""", "data: read our CIFAR-10 folder (the rest as upstream: fp16 on the GPU)"),
    ] + COMMON,
}

DRIVER = """if __name__ == "__main__":  # port: seeds, data folder, precision and a JSON of results instead of 25 runs
    p = argparse.ArgumentParser(description="airbench94 (legacy) on the <<DEVICE>>, ported by cifar_nb's bench/port_airbench.py")
    p.add_argument('--data', help='CIFAR-10 folder (default: as cifar_nb finds it)')
    p.add_argument('--seeds', type=int, nargs='+', default=[0])
    p.add_argument('--epochs', type=float, default=hyp['opt']['train_epochs'], help='only for a quick check of the port')
    p.add_argument('--valid', action='store_true',
                   help="learn from 45,000 training images and score the other 5,000 (chapter 05's validation split)")
    p.add_argument('--out', type=Path, help='JSON file for the results (must not exist)')
<<OPTIONS>>
    args = p.parse_args()
    VALID = args.valid
    if args.out and args.out.exists(): sys.exit(f"{args.out} already exists; choose another --out.")
    DATA, hyp['opt']['train_epochs'] = resolve_data_dir(args.data), args.epochs
<<SETUP>>
    print_columns(logging_columns_list, is_head=True)
    runs = []
    for seed in args.seeds:
        start = time.perf_counter()
        acc, seconds = main(seed)
        runs.append(dict(seed=seed, tta_val_acc=acc, seconds=seconds, wall_seconds=time.perf_counter() - start))
        if args.out:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(dict(<<MACHINE>>, epochs=args.epochs, valid=VALID, runs=runs), indent=1))
    accs = torch.tensor([r['tta_val_acc'] for r in runs])
    print('Mean: %.4f    Std: %.4f' % (accs.mean(), accs.std() if len(accs) > 1 else 0.0))
"""
DRIVER_PARTS = {  # what the driver does differently on each device: the text of each <<KEY>>
    'cpu': dict(DEVICE='CPU', OPTIONS="""    p.add_argument('--precision', choices=['auto', 'fp32', 'bf16'], default='auto',
                   help='auto: what cifar_nb.faster.detect_settings chooses on this machine')""",
                SETUP="""    AUTOCAST = {'auto': detect_settings('cpu')['autocast_dtype'], 'fp32': None, 'bf16': torch.bfloat16}[args.precision]
    print(f"CPU: {cpu_name()}, threads: {torch.get_num_threads()}, torch {torch.__version__}, autocast: {AUTOCAST}")""",
                MACHINE="cpu=cpu_name(), threads=torch.get_num_threads(), torch=torch.__version__, autocast=str(AUTOCAST)"),
    'cuda': dict(DEVICE='GPU', OPTIONS="""    p.add_argument('--warmup', action='store_true',
                   help="first run upstream's main('warmup') (dummy labels), so that no timed run pays start-up costs")""",
                 SETUP="""    print(f"GPU: {torch.cuda.get_device_name()}, CPU: {cpu_name()}, torch {torch.__version__}, fp16 (upstream)")
    if args.warmup: main('warmup')""",
                 MACHINE="device=torch.cuda.get_device_name(), cpu=cpu_name(), torch=torch.__version__, autocast='fp16 (upstream)'"),
}

def driver(device: str) -> str:
    "The command line at the end of the port for `device`."
    code = DRIVER
    for key, text in DRIVER_PARTS[device].items(): code = code.replace(f'<<{key}>>', text)
    return code

def port(upstream: str, device: str = 'cpu') -> str:
    "The upstream source with every change for `device` applied; stops with the change that no longer matches."
    code = upstream
    for old, new, why in CHANGES[device]:
        if old not in code: sys.exit(f"port_airbench: the upstream text for '{why}' was not found; the reference has "
                                     f"changed since this port was written:\n{old}")
        code = code.replace(old, new)
    main_block = code.index('if __name__ == "__main__":')
    return code[:main_block] + driver(device)

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('upstream', type=Path, help="path of legacy/airbench94.py in a clone of KellerJordan/cifar10-airbench")
    p.add_argument('--device', choices=['cpu', 'cuda'], default='cpu', help='cpu: airbench94_cpu.py; cuda: airbench94_gpu.py')
    args = p.parse_args()
    out = FOLDER/f"airbench94_{'gpu' if args.device == 'cuda' else 'cpu'}.py"
    FOLDER.mkdir(exist_ok=True)
    out.write_text(port(args.upstream.read_text(), args.device))
    for _, _, why in CHANGES[args.device]: print('changed:', why)
    print('changed: the driver at the end (seeds, data folder, ' + ('warmup' if args.device == 'cuda' else 'precision') + ', JSON)')
    print('wrote', out)
