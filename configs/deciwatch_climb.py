# DeciWatch on coordinates: DenoiseNet on frames {0, 4} of each 5-frame
# window, linear preliminary recovery, RecoverNet (128-d, 4 heads, 5+5
# pre-norm layers, FFN 256; 1,708,388 parameters), output projections
# zero-initialised. The main job:
#   python tools/train.py configs/deciwatch_climb.py
_base_ = [
    './_base_/models/deciwatch.py',
    './_base_/schedules/thesis_from_scratch.py',
    './_base_/datasets/synthetic_climb_coords.py',
]
model = {{_base_.refiner}}
