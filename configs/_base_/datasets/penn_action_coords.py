# The windows of ./penn_action.py for coordinate refiners (DeciWatch): the
# argmax of the simulated heatmaps, divided by (W - 1, H - 1).
_base_ = ['./penn_action.py']

train_dataloader = dict(
    dataset=dict(pipeline={{_base_.coord_train_pipeline}}))
val_dataloader = dict(dataset=dict(pipeline={{_base_.coord_val_pipeline}}))
test_dataloader = dict(
    dataset=dict(pipeline={{_base_.coord_test_pipeline}}))
