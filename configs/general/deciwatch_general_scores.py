# A score-aware general DeciWatch (not shipped: README "A score-aware
# DeciWatch"): the detector's score of each point follows its coordinates in
# the input (DeciWatchHead(score_input=True); training and test windows get
# scores from SimulateDetectorScores, fitted to MediaPipe's visibility,
# docs/detector_noise.md). 4 epochs at Adam 3e-4 from the shipped
# checkpoint, whose weights it starts from exactly (the score projection
# starts at zero; partial_load for its two new tensors).
#   python tools/train.py configs/general/deciwatch_general_scores.py
_base_ = ['./deciwatch_general.py']
model = dict(head=dict(score_input=True))
train_dataloader = dict(
    dataset=dict(pipeline={{_base_.score_edge_train_pipeline}}))
_scored = dict(dataset=dict(pipeline={{_base_.score_val_pipeline}}))
val_dataloader = _scored
test_dataloader = _scored
load_from = 'checkpoints/deciwatch_general.pth'
partial_load = True
optim_wrapper = dict(optimizer=dict(lr=3e-4))
train_cfg = dict(max_epochs=4)
