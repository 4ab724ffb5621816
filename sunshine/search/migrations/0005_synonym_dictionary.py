"""The synonym dictionary of search (检索同义词), seeded with ~50 pairs of government terms and their everyday forms.

Only pairs where neither side contains the other are useful: "营业执照" already finds "工商营业执照" as a substring.
"""

from django.db import migrations, models

# (term, synonym, note); all two-way
SEED = [
    ("低保", "最低生活保障", "社会救助"),
    ("医保", "医疗保障", "医疗保障局、医疗保障待遇"),
    ("医保", "医疗保险", ""),
    ("社保", "社会保险", ""),
    ("社保卡", "社会保障卡", ""),
    ("公积金", "住房公积金", ""),
    ("营业执照", "工商执照", "旧称"),
    ("残疾人证", "残疾证", "俗称"),
    ("新农合", "新型农村合作医疗", ""),
    ("农保", "新型农村社会养老保险", ""),
    ("城乡居保", "城乡居民基本养老保险", ""),
    ("居民医保", "城乡居民基本医疗保险", ""),
    ("职工医保", "职工基本医疗保险", ""),
    ("失业金", "失业保险金", ""),
    ("生育险", "生育保险", ""),
    ("养老金", "养老保险待遇", ""),
    ("五保", "特困人员供养", "农村五保供养已并入特困人员救助供养"),
    ("五保户", "特困人员", ""),
    ("廉租房", "公共租赁住房", "2014年起廉租住房并入公共租赁住房"),
    ("公租房", "公共租赁住房", ""),
    ("经适房", "经济适用住房", ""),
    ("棚改", "棚户区改造", ""),
    ("房产证", "不动产权证书", "2015年起颁发不动产权证书"),
    ("房产证", "房屋所有权证", ""),
    ("土地证", "国有土地使用证", ""),
    ("户口", "户籍", ""),
    ("驾照", "机动车驾驶证", ""),
    ("准生证", "生育服务证", ""),
    ("独生子女证", "独生子女父母光荣证", ""),
    ("计生", "计划生育", ""),
    ("退伍军人", "退役军人", ""),
    ("高龄津贴", "高龄补贴", ""),
    ("个税", "个人所得税", ""),
    ("环评", "环境影响评价", ""),
    ("政采", "政府采购", ""),
    ("招投标", "招标投标", ""),
    ("红头文件", "规范性文件", ""),
    ("依申请公开", "信息公开申请", ""),
    ("12345", "便民服务热线", "12345政务服务便民热线"),
    ("城管", "城市管理", ""),
    ("交警", "公安交通管理", ""),
    ("公交", "公共交通", ""),
    ("社区医院", "社区卫生服务中心", ""),
    ("发改委", "发展和改革委员会", ""),
    ("发改局", "发展和改革局", ""),
    ("住建局", "住房和城乡建设局", ""),
    ("人社局", "人力资源和社会保障局", ""),
    ("市监局", "市场监督管理局", ""),
    ("卫健委", "卫生健康委员会", ""),
    ("卫健局", "卫生健康局", ""),
    ("国土局", "自然资源局", "2018年机构改革后"),
    ("环保局", "生态环境局", "2018年机构改革后"),
    ("农业局", "农业农村局", "2018年机构改革后"),
]


def seed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    Synonym.objects.using(schema_editor.connection.alias).bulk_create(
        [Synonym(term=term, synonym=synonym, two_way=True, note=note) for term, synonym, note in SEED
         if term != synonym], ignore_conflicts=True)


def unseed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    Synonym.objects.using(schema_editor.connection.alias).filter(
        term__in=[t for t, _s, _n in SEED], synonym__in=[s for _t, s, _n in SEED]).delete()



class Migration(migrations.Migration):

    dependencies = [
        ('search', '0004_tsv_storage_external'),
    ]

    operations = [
        migrations.CreateModel(
            name='Synonym',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('term', models.CharField(max_length=30, verbose_name='检索词')),
                ('synonym', models.CharField(max_length=30, verbose_name='同义词')),
                ('two_way', models.BooleanField(default=True, help_text='检索同义词时也能查到检索词的结果', verbose_name='双向')),
                ('is_active', models.BooleanField(default=True, verbose_name='启用')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='说明')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='修改时间')),
            ],
            options={
                'verbose_name': '检索同义词',
                'verbose_name_plural': '检索同义词',
                'ordering': ['term', 'synonym'],
                'constraints': [models.UniqueConstraint(fields=('term', 'synonym'), name='search_synonym_unique_pair'), models.CheckConstraint(condition=models.Q(('term', models.F('synonym')), _negated=True), name='search_synonym_not_same')],
            },
        ),
        migrations.RunPython(seed, unseed),
    ]
