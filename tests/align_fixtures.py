"""Sentences written for the aligner tests: one pair of short UN-style texts
with every bead type, and its gold alignment in the Bertalign bead format."""

ZH = [
    "大会欢迎秘书长关于减少灾害风险的报告。",
    "大会注意到各国在建立早期预警系统方面取得的进展，并鼓励会员国加强区域合作，分享数据和经验。",
    "会议于下午三时三十分休会。",
    "强调妇女充分和平等参与决策的重要性。",
    "强调青年参与决策的重要性。",
    "请秘书长在第八十二届会议上报告本决议的执行情况。",
]
EN = [
    "The General Assembly welcomes the report of the Secretary-General on disaster risk reduction.",
    "It notes the progress made by States in establishing early warning systems.",
    "It encourages Member States to strengthen regional cooperation and to share data and experience.",
    "Stresses the importance of the full and equal participation of women and young people in decision-making.",
    "The interpreters were thanked for their work during the night meeting.",
    "Requests the Secretary-General to report on the implementation of the present resolution "
    "at its eighty-second session.",
]

# zh 1 is split in two in English, zh 3-4 are joined, zh 2 and en 4 have no counterpart
GOLD = "[0]:[0]\n[1]:[1, 2]\n[2]:[]\n[3, 4]:[3]\n[]:[4]\n[5]:[5]\n"
