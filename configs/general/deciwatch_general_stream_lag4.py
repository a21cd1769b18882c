# The general DeciWatch finetuned for live refinement with a 4-frame lag
# (mmclimb.apis.StreamingRefiner(refiner, lag=4)): the head's stream_lag adds
# an L1 on the last 5 positions of each window, the ones a lag-4 stream reads,
# beside the offline losses. Starts from the shipped general checkpoint.
#   python tools/train.py configs/general/deciwatch_general_stream_lag4.py
_base_ = ['./deciwatch_general.py']
load_from = 'checkpoints/deciwatch_general.pth'
model = dict(head=dict(stream_lag=4))
optim_wrapper = dict(optimizer=dict(lr=1e-4))
train_cfg = dict(max_epochs=5)
