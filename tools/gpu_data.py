"""Carry CIFAR-10 to a machine that cannot download it, as JPEG mosaics (about 40 MB instead of 180 MB).

    python tools/gpu_data.py pack   DATA_DIR PACKED_DIR    # DATA_DIR: a cifar-10-batches-py folder
    python tools/gpu_data.py unpack PACKED_DIR DATA_DIR    # writes a cifar-10-batches-py folder for CIFAR_NB_DATA

Each batch file becomes one 3200×3200 JPEG (100×100 images of 32×32, quality 95, no chroma subsampling, so
every 8×8 JPEG block lies inside one image) plus its labels. JPEG is lossy: the unpacked pixels differ from the
packed ones by less than 1 grey level on average (`pack` measures and prints it), so accuracies measured on the
unpacked copy are close to, not identical with, those on the original files. Neither command overwrites
anything: the target folder must not exist yet.
"""
import json, sys
from pathlib import Path

import numpy as np
from PIL import Image

from cifar_nb.data import TEST_FILES, TRAIN_FILES, _write_batch, _write_meta, read_batch

GRID = 100  # images per mosaic row
JPEG = dict(quality=95, subsampling=0)  # 4:4:4: colour at full resolution

def to_mosaic(images: np.ndarray) -> Image.Image:
    "N×32×32×3 uint8 images (N ≤ GRID²) tiled row by row into one RGB picture; unused tiles stay black."
    tiles = np.zeros((GRID * GRID, 32, 32, 3), np.uint8)
    tiles[:len(images)] = images
    return Image.fromarray(tiles.reshape(GRID, GRID, 32, 32, 3).swapaxes(1, 2).reshape(GRID * 32, GRID * 32, 3))

def from_mosaic(picture: Image.Image, n: int) -> np.ndarray:
    "The first `n` 32×32 images of a mosaic made by `to_mosaic`."
    pixels = np.asarray(picture.convert('RGB'))
    return pixels.reshape(GRID, 32, GRID, 32, 3).swapaxes(1, 2).reshape(GRID * GRID, 32, 32, 3)[:n]

def _new_folder(path) -> Path:
    "Create the folder `path`, refusing one that exists: nothing already there is overwritten."
    path = Path(path)
    if path.exists(): sys.exit(f"{path} exists; name a folder that does not exist yet (nothing is overwritten).")
    path.mkdir(parents=True)
    return path

def pack(data_dir, packed_dir):
    data_dir, packed_dir = Path(data_dir), _new_folder(packed_dir)
    labels = {}
    for name in TRAIN_FILES + TEST_FILES:
        images, labels[name] = read_batch(data_dir/name)
        if len(images) > GRID * GRID: sys.exit(f"{name} holds {len(images)} images, more than one mosaic ({GRID * GRID}).")
        to_mosaic(images).save(packed_dir/f'{name}.jpg', **JPEG)
        error = np.abs(from_mosaic(Image.open(packed_dir/f'{name}.jpg'), len(images)).astype(int) - images).mean()
        print(f'{name}: {len(images)} images, mean pixel error after JPEG {error:.2f}')
    (packed_dir/'labels.json').write_text(json.dumps({k: v.tolist() for k, v in labels.items()}))
    size = sum(f.stat().st_size for f in packed_dir.iterdir()) / 1e6
    print(f'{packed_dir}: {size:.1f} MB')

def unpack(packed_dir, data_dir):
    packed_dir = Path(packed_dir)
    labels = json.loads((packed_dir/'labels.json').read_text())
    data_dir = _new_folder(data_dir)
    for name, y in labels.items():
        images = from_mosaic(Image.open(packed_dir/f'{name}.jpg'), len(y))
        _write_batch(data_dir/name, images, y, f'{name} (unpacked from JPEG)', [f'{name}_{i}.png' for i in range(len(y))])
    _write_meta(data_dir, 10000)
    print(f'{data_dir}: {sum(len(y) for y in labels.values())} images')

if __name__ == '__main__':
    commands = {'pack': pack, 'unpack': unpack}
    if len(sys.argv) != 4 or sys.argv[1] not in commands: sys.exit(__doc__)
    commands[sys.argv[1]](sys.argv[2], sys.argv[3])
