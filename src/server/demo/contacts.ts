// The demo's companies name a person to call, as a real registration does (a label or a manifest
// printing "联系人" as the name would be useless at a loading dock). Names are made up and drawn
// from common surnames and given names; numbers are 聊城 landlines (0635-23…), fixed per company.
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董';
const GIVEN = ['建国', '立新', '海燕', '志强', '秀英', '春梅', '国华', '振东', '文静', '明亮', '红霞', '晓东', '德胜', '淑芬', '玉兰', '庆林', '丽娟', '卫东', '金凤', '洪涛', '桂芝', '永强', '俊杰', '凤霞', '长青', '立军', '艳玲', '胜利', '学文'];

export function demoContact(n: number, phonePrefix = '0635-23'): { contactName: string; contactPhone: string } {
  return {
    contactName: `${SURNAMES[(n * 7) % SURNAMES.length]}${GIVEN[(n * 11 + 3) % GIVEN.length]}`,
    contactPhone: `${phonePrefix}${String(12461 + n * 379).slice(-5)}`,
  };
}
