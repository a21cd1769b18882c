"""Packaging for mmclimb.

The OpenMMLab stack (mmcv with compiled ops, mmdet and mmpose without their
declared dependencies) needs special install flags, so it is installed by
``make setup`` (``tools/setup_env.sh``) from ``requirements/*.txt``.
``install_requires`` lists only what installs plainly from a registry.
"""
from pathlib import Path

from setuptools import find_packages, setup

ROOT = Path(__file__).resolve().parent


def read_requirements(name):
    """Return the requirement lines of ``requirements/<name>.txt``."""
    lines = (ROOT / 'requirements' / f'{name}.txt').read_text().splitlines()
    return [
        line.strip() for line in lines
        if line.strip() and not line.startswith(('#', '-'))
    ]


def read_version():
    """Return ``__version__`` from ``mmclimb/version.py`` without importing."""
    namespace = {}
    exec((ROOT / 'mmclimb' / 'version.py').read_text(), namespace)
    return namespace['__version__']


setup(
    name='mmclimb',
    version=read_version(),
    description='Temporal refinement of 2D human pose in video on MMPose',
    long_description=(ROOT / 'README.md').read_text(encoding='utf-8'),
    long_description_content_type='text/markdown',
    license='Apache-2.0',
    python_requires='>=3.9',
    packages=find_packages(include=['mmclimb', 'mmclimb.*']),
    install_requires=read_requirements('runtime'),
    extras_require={
        'openmmlab': read_requirements('openmmlab'),
        'tests': read_requirements('tests'),
    },
    zip_safe=False,
)
