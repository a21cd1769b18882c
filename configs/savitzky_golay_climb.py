# The Savitzky-Golay filter (a classical, non-learned smoother) as a refiner:
# a local polynomial fit along time. In tools/test.py's 5-frame windows the
# window shrinks to 5 frames; on whole sequences (mmclimb.apis.refine_sequence,
# tools/refine.py) it is window_length. No checkpoint:
#   python tools/test.py configs/savitzky_golay_climb.py
_base_ = ['./one_euro_climb.py']

model = dict(
    head=dict(
        _delete_=True,
        type='SavitzkyGolayFilterHead',
        window_length=9,
        polyorder=2,
        heatmap_size=(56, 56)))
