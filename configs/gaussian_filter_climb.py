# A Gaussian filter (a classical, non-learned smoother) as a refiner: the
# coordinates convolved along time, ends held. No checkpoint:
#   python tools/test.py configs/gaussian_filter_climb.py
_base_ = ['./one_euro_climb.py']

model = dict(
    head=dict(
        _delete_=True,
        type='GaussianFilterHead',
        sigma=2.0,
        truncate=4.0,
        heatmap_size=(56, 56)))
